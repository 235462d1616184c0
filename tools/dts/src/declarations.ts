/**
 * Reading emitted declaration files without loading TypeScript (loading it costs more than emitting a
 * package's declarations): a small tokenizer that knows strings, template literals and comments, so an
 * import-like text inside a string or a comment is never taken for an import.
 */

interface Token {
  kind: 'word' | 'string' | 'punct';
  text: string;
}

/** Module specifiers a declaration file imports or re-exports (`from "x"`, `import("x")`, `import "x"`). */
export function moduleSpecifiers(declaration: string): string[] {
  const tokens = tokenize(declaration);
  const specifiers: string[] = [];
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== 'string') continue;
    const prev = tokens[i - 1];
    const before = tokens[i - 2];
    const afterFrom = prev?.kind === 'word' && (prev.text === 'from' || prev.text === 'import');
    const dynamic = prev?.text === '(' && before?.kind === 'word' && before.text === 'import';
    if (afterFrom || dynamic) specifiers.push(token.text);
  }
  return specifiers;
}

/** The relative module specifiers a declaration file imports or re-exports. */
export function relativeSpecifiers(declaration: string): string[] {
  return moduleSpecifiers(declaration).filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** Whether a declaration file has a default export, which `export *` would not carry over. */
export function hasDefaultExport(declaration: string): boolean {
  const tokens = tokenize(declaration);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'word' || tokens[i]!.text !== 'export') continue;
    const next = tokens[i + 1];
    if (next?.kind === 'word' && next.text === 'default') return true;
    if (next?.text !== '{') continue;
    // `export { a as default, default } from ...`: an item exports `default` when it ends with it.
    let last: Token | undefined;
    for (let j = i + 2; j < tokens.length && tokens[j]!.text !== '}'; j++) {
      const t = tokens[j]!;
      if (t.text === ',') {
        if (last?.kind === 'word' && last.text === 'default') return true;
        last = undefined;
      } else {
        last = t;
      }
    }
    if (last?.kind === 'word' && last.text === 'default') return true;
  }
  return false;
}

const WORD = /[A-Za-z0-9_$]/;

function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end === -1 ? code.length : end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? code.length : end + 2;
    } else if (c === '"' || c === "'") {
      let text = '';
      i++;
      while (i < code.length && code[i] !== c) {
        if (code[i] === '\\') i++;
        text += code[i] ?? '';
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text });
    } else if (c === '`') {
      i = skipTemplate(code, i + 1);
      tokens.push({ kind: 'string', text: '' });
    } else if (WORD.test(c)) {
      let end = i;
      while (end < code.length && WORD.test(code[end]!)) end++;
      tokens.push({ kind: 'word', text: code.slice(i, end) });
      i = end;
    } else {
      if (!/\s/.test(c)) tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

/** Index just past the template literal starting at `i` (after its backtick), `${...}` parts included. */
function skipTemplate(code: string, i: number): number {
  let depth = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '\\') i += 2;
    else if (depth === 0 && c === '`') return i + 1;
    else if (c === '$' && code[i + 1] === '{') {
      depth++;
      i += 2;
    } else if (depth > 0 && c === '}') {
      depth--;
      i++;
    } else if (depth > 0 && c === '`') {
      i = skipTemplate(code, i + 1);
    } else i++;
  }
  return i;
}

import { SecurityError, SecurityErrorCode } from '../errors.js';

/** A parsed `.dev.vars` file: entries in order plus the lines around them, so rewrites keep comments. */
export type DotenvSegment = { kind: 'text'; text: string } | { kind: 'entry'; name: string; value: string };

const ENTRY_START = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

/**
 * Parses dotenv text the way wrangler's dotenv reader does: `'…'` and `` `…` `` are literal, `"…"` expands
 * `\n` and `\r`, quoted values may span lines, unquoted values end at `#`. Errors name the line, never a value.
 */
export function parseDotenv(text: string, source = '.dev.vars'): DotenvSegment[] {
  const segments: DotenvSegment[] = [];
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    const raw = text.slice(pos, end);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      pushText(segments, text.slice(pos, nextLine(text, end)));
      pos = nextLine(text, end);
      line++;
      continue;
    }
    const start = ENTRY_START.exec(raw);
    if (!start) {
      throw new SecurityError(
        SecurityErrorCode.SECRET_FILE_INVALID,
        `${source}:${line}: expected NAME=value (a name of letters, digits and _ that does not start with a digit)`,
      );
    }
    const name = start[1]!;
    let cursor = pos + start[0].length;
    let value: string;
    const quote = text[cursor];
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = findClose(text, cursor + 1, quote);
      if (close === undefined) {
        throw new SecurityError(
          SecurityErrorCode.SECRET_FILE_INVALID,
          `${source}:${line}: the value of ${name} opens a ${quote} quote that is not closed at the end of a line`,
        );
      }
      value = text.slice(cursor + 1, close);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
      cursor = close + 1;
    } else {
      const rest = text.slice(cursor, end);
      // As in dotenv, an unquoted value ends at the first #, wherever it is.
      const comment = rest.indexOf('#');
      value = (comment === -1 ? rest : rest.slice(0, comment)).trim();
    }
    const after = nextLine(text, lineEnd(text, cursor));
    line += countNewlines(text, pos, after);
    segments.push({ kind: 'entry', name, value });
    pos = after;
  }
  return segments;
}

/** The value of every entry; when a name repeats, the last one wins (as in dotenv). */
export function dotenvValues(segments: readonly DotenvSegment[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const s of segments) if (s.kind === 'entry') values.set(s.name, s.value);
  return values;
}

/** Serializes segments back to text; values are quoted so that wrangler reads them back unchanged. */
export function serializeDotenv(segments: readonly DotenvSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'text') {
      out += s.text;
    } else {
      if (out.length > 0 && !out.endsWith('\n')) out += '\n';
      out += `${s.name}=${quoteValue(s.name, s.value)}\n`;
    }
  }
  return out;
}

/** Quotes a value so dotenv reads it back exactly; throws (naming the secret, not the value) if it cannot. */
export function quoteValue(name: string, value: string): string {
  // A trailing backslash would escape the closing quote; such values can only be written unquoted.
  if (value.endsWith('\\')) {
    if (/^[^\s'"`#][^\n\r#]*$/.test(value) && value.trim() === value) return value;
  } else if (!value.includes("'")) {
    return `'${value}'`;
  } else if (!value.includes('`')) {
    return `\`${value}\``;
  } else if (!value.includes('"') && !/\\[nr]/.test(value) && !value.includes('\r')) {
    return `"${value.replace(/\n/g, '\\n')}"`;
  }
  throw new SecurityError(
    SecurityErrorCode.INVALID_ARGUMENT,
    `the value of ${name} cannot be written to a .dev.vars file exactly (it mixes quote kinds or ends in a backslash)`,
  );
}

/**
 * Where dotenv's quoted-value pattern `Q(?:\\Q|[^Q])*Q` closes: a backslash-quote pair continues the value,
 * yet the pattern may backtrack and close on such a quote when nothing later works. Candidates are tried
 * furthest first, as the greedy pattern does, and the close must be followed only by blanks or a comment.
 */
function findClose(text: string, from: number, quote: string): number | undefined {
  const candidates: number[] = [];
  let i = from;
  for (; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === quote) {
      candidates.push(i + 1);
      i++;
    } else if (text[i] === quote) {
      candidates.push(i);
      break;
    }
  }
  for (const close of candidates.reverse()) {
    const rest = text.slice(close + 1, lineEnd(text, close + 1)).trim();
    if (rest === '' || rest.startsWith('#')) return close;
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}

function nextLine(text: string, end: number): number {
  return end < text.length ? end + 1 : end;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text[i] === '\n') n++;
  return n;
}

function pushText(segments: DotenvSegment[], text: string): void {
  const last = segments.at(-1);
  if (last?.kind === 'text') last.text += text;
  else segments.push({ kind: 'text', text });
}

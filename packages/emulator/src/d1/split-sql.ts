/**
 * Split a SQL script into statements on `;`, ignoring semicolons inside quotes, comments and
 * `CREATE TRIGGER ... BEGIN ... END` bodies. Comment-only fragments are dropped.
 */
export function splitSql(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  let depth = 0; // BEGIN ... END nesting inside a trigger body
  const n = sql.length;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (stripComments(text).trim() !== '') statements.push(text);
  };
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(sql, i, c);
    } else if (c === '[') {
      const close = sql.indexOf(']', i);
      i = close === -1 ? n : close + 1;
    } else if (/[A-Za-z_]/.test(c) && (i === 0 || !/[A-Za-z0-9_$]/.test(sql[i - 1] as string))) {
      const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 64))?.[0] ?? c;
      const upper = word.toUpperCase();
      if (upper === 'BEGIN' && isTriggerBody(sql.slice(start, i))) depth++;
      else if (upper === 'CASE' && depth > 0) depth++;
      else if (upper === 'END' && depth > 0) depth--;
      i += word.length;
    } else if (c === ';' && depth === 0) {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
}

function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

function isTriggerBody(statementSoFar: string): boolean {
  return /\bCREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(stripComments(statementSoFar));
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

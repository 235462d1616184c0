type Token = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; char: string };

/**
 * Whole-value, case-insensitive glob match: `*` matches any run of characters (also none), `?` exactly one,
 * `\` makes the next character literal (`\*`), everything else matches itself. Greedy with one backtrack
 * point, so it runs in O(pattern × value) at worst and cannot blow up the way a generated regex can.
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const p = tokenize(pattern.toLowerCase());
  const v = [...value.toLowerCase()];
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let resumeAt = 0;
  const matchesHere = (token: Token | undefined, char: string) =>
    token !== undefined && (token.kind === 'any' || (token.kind === 'char' && token.char === char));
  while (vi < v.length) {
    if (matchesHere(p[pi], v[vi]!)) {
      pi++;
      vi++;
    } else if (p[pi]?.kind === 'star') {
      starAt = pi++;
      resumeAt = vi;
    } else if (starAt !== -1) {
      // Let the last `*` swallow one more character and retry from there.
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p[pi]?.kind === 'star') pi++;
  return pi === p.length;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\' && i + 1 < chars.length) tokens.push({ kind: 'char', char: chars[++i]! });
    else if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

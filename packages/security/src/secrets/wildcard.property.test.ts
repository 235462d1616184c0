import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesWildcard } from './wildcard.js';

/** The obvious (exponential in the worst case) reference: the glob as an anchored regular expression. */
function reference(pattern: string, value: string): boolean {
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\' && i + 1 < chars.length) source += escapeChar(chars[++i]!);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeChar(c);
  }
  return new RegExp(`^${source}$`, 'isu').test(value);
}

function escapeChar(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('matchesWildcard', () => {
  it('agrees with a regular-expression reference on random patterns and values', () => {
    const patternChar = fc.constantFrom('a', 'B', '*', '?', '\\', '-', '.');
    const valueChar = fc.constantFrom('a', 'b', 'A', '*', '?', '\\', '-', '.');
    fc.assert(
      fc.property(
        fc.string({ unit: patternChar, maxLength: 8 }),
        fc.string({ unit: valueChar, maxLength: 10 }),
        (pattern, value) => {
          expect(matchesWildcard(pattern, value)).toBe(reference(pattern, value));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

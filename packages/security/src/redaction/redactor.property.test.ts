import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';

// Small alphabets make overlaps, repeats and secrets-inside-secrets common.
const char = fc.constantFrom('a', 'b', '*', '-', '=', '%', 'é');
const secret = fc.string({ unit: char, minLength: 4, maxLength: 8 });

describe('Redactor properties', () => {
  it('leaves no registered secret in any text built around them', () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.string({ unit: char, maxLength: 6 }), { maxLength: 8 }),
        (secrets, fillers) => {
          const text = fillers.map((f, i) => f + secrets[i % secrets.length]).join('') + secrets.join('');
          const out = new Redactor({ secrets }).redactString(text);
          for (const s of secrets) expect(out.includes(s)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves text without secrets unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', 'y', ' '), maxLength: 40 }), (text) => {
        expect(new Redactor({ secrets: ['aaaa', 'abab'] }).redactString(text)).toBe(text);
      }),
    );
  });
});

describe('Redactor credential shapes', () => {
  it('masks bearer/basic credentials and JWTs wherever they sit, whatever whitespace precedes them', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const piece = fc.oneof(
      fc.constantFrom('Bearer', 'basic', 'BEARER', jwt, 'eyJ', '/', '.', 'abcdefgh12345678', 'x'),
      fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003'),
    );
    const redactor = new Redactor();
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        const expected = text
          .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***')
          .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '***');
        expect(redactor.redactString(text)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

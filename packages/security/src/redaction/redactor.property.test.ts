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

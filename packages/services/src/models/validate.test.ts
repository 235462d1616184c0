import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineModel } from './define-model.js';
import { validateInput } from './validate.js';

const notes = defineModel({
  name: 'notes',
  fields: { title: { type: 'text', required: true, minLength: 2, maxLength: 3 } },
});

function accepted(title: string): boolean {
  try {
    validateInput(notes, { title }, 'create');
    return true;
  } catch {
    return false;
  }
}

describe('text length limits', () => {
  it('count characters (code points), not UTF-16 units', () => {
    expect(accepted('😀😀😀')).toBe(true);
    expect(accepted('😀😀😀😀')).toBe(false);
    expect(accepted('😀')).toBe(false);
    // A lone surrogate is one character, as in the string's own iteration.
    expect(accepted('\ud800\ud800')).toBe(true);
  });

  it('agree with the length of the string as iterated, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6 }), (title) => {
        const length = [...title].length;
        expect(accepted(title)).toBe(length >= 2 && length <= 3);
      }),
      { numRuns: 300 },
    );
  });
});

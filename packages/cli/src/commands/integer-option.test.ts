import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { integerOption } from './integer-option.js';

describe('integerOption', () => {
  const port = (value: unknown) => integerOption('--port', value, { min: 0, max: 65535, fallback: 8787 });

  it('uses the fallback when the option is absent', () => {
    expect(port(undefined)).toBe(8787);
  });

  it('accepts whole numbers at both ends of the range', () => {
    expect(port('0')).toBe(0);
    expect(port('65535')).toBe(65535);
  });

  it.each(['-1', '65536', '80.5', 'http', '', ' '])('refuses %j, naming the flag and the value', (value) => {
    expect(() => port(value)).toThrow(UsageError);
    expect(() => port(value)).toThrow(
      `--port must be an integer from 0 to 65535 (got ${JSON.stringify(value)})`,
    );
  });
});

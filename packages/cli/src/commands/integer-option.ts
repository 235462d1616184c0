import { UsageError } from '../errors.js';

/** A whole-number option such as `--port`, between `min` and `max`; `fallback` when it is not given. */
export function integerOption(
  flag: string,
  value: unknown,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  if (value === undefined) return fallback;
  // Number('') and Number(' ') are 0: a blank value is refused rather than read as zero.
  const n = String(value).trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

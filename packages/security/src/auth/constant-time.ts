const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends only on the longer length, never on where they differ.
 * Lengths that differ make the result false without an early exit.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  for (let i = 0; i < length; i++) {
    // Out-of-range reads yield undefined; `?? 0` keeps the loop body identical for every index.
    difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  }
  return difference === 0;
}

/**
 * Compares two strings in time that depends only on the longer length, never on where they differ.
 * Lengths that differ make the result false without an early exit.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  // UTF-16 code units compared directly: equal strings have equal units, and no bytes are copied per call.
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt gives NaN, which `| 0` turns into 0: the loop body is the same for every index.
    difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return difference === 0;
}

/**
 * Estimated entropy of `value` in bits: the smaller of a character-pool estimate (length × log2 of the
 * alphabet the value draws from) and the Shannon estimate of its own character frequencies. The first
 * penalizes small alphabets, the second repetition, so `aaaaaaaa` and `abababab` both score low.
 */
export function estimateEntropy(value: string): number {
  if (typeof value !== 'string' || value.length === 0) return 0;
  const chars = [...value];
  const poolBits = chars.length * Math.log2(poolSize(value));
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let shannonPerChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    shannonPerChar -= p * Math.log2(p);
  }
  return Math.round(Math.min(poolBits, shannonPerChar * chars.length) * 10) / 10;
}

function poolSize(value: string): number {
  // Hex is the most common secret encoding; counting it as lowercase + digits would overstate it.
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return /^[0-9]+$/.test(value) ? 10 : 16;
  let size = 0;
  if (/[a-z]/.test(value)) size += 26;
  if (/[A-Z]/.test(value)) size += 26;
  if (/[0-9]/.test(value)) size += 10;
  if (/[^a-zA-Z0-9]/.test(value)) size += 33;
  return Math.max(size, 2);
}

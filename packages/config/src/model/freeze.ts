/** Drops `undefined` properties and freezes every object and array, recursively. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return Object.freeze(value.map((v) => deepFreeze(v))) as T;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = deepFreeze(v);
  }
  return Object.freeze(out) as T;
}

/** Defensive readers over unvalidated input, so cross-checks run even when the schema failed elsewhere. */

export type RawRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is RawRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function records(value: unknown): [number, RawRecord][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i) => (isRecord(v) ? [[i, v] as [number, RawRecord]] : []));
}

export function strings(value: unknown): [number, string][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i) => (typeof v === 'string' ? [[i, v] as [number, string]] : []));
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

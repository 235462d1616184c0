/**
 * The expected shape of a JSON value: a type name, an object of member shapes (extra members are
 * allowed), or a one-element array giving the shape of every element.
 */
export type JsonShape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'object'
  | 'array'
  | 'any'
  | { [member: string]: JsonShape }
  | [JsonShape];

/** Every place `value` departs from `shape`, as `$.path: expected X, got Y` lines (empty when it fits). */
export function checkShape(value: unknown, shape: JsonShape, path = '$'): string[] {
  if (shape === 'any') return [];
  if (typeof shape === 'string') {
    const actual = typeOf(value);
    return actual === shape ? [] : [`${path}: expected ${shape}, got ${actual}`];
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: expected array, got ${typeOf(value)}`];
    const problems: string[] = [];
    value.forEach((item, i) => {
      problems.push(...checkShape(item, shape[0], `${path}[${i}]`));
    });
    return problems.slice(0, 20);
  }
  if (typeOf(value) !== 'object') return [`${path}: expected object, got ${typeOf(value)}`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [member, memberShape] of Object.entries(shape)) {
    if (!(member in record)) {
      problems.push(`${path}.${member}: missing`);
      continue;
    }
    problems.push(...checkShape(record[member], memberShape, `${path}.${member}`));
  }
  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The envelope of a Clodo list response (PRODUCT §5). */
export const CLODO_LIST_SHAPE: JsonShape = {
  success: 'boolean',
  data: 'array',
  pagination: {
    page: 'number',
    limit: 'number',
    total: 'number',
    totalPages: 'number',
    hasNext: 'boolean',
    hasPrev: 'boolean',
  },
};

/** The envelope of a Clodo single-record response. */
export const CLODO_RECORD_SHAPE: JsonShape = { success: 'boolean', data: 'object' };

/** A Clodo `/health` body. */
export const CLODO_HEALTH_SHAPE: JsonShape = { status: 'string', service: 'string', version: 'string' };

/** A Clodo error body. */
export const CLODO_ERROR_SHAPE: JsonShape = {
  success: 'boolean',
  error: { code: 'string', message: 'string' },
};

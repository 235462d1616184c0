import { type FieldIssue, ServiceError, ServiceErrorCode } from '../errors.js';
import type { Row } from '../data/types.js';
import type { Model } from './define-model.js';
import type { FieldDefinition, FieldType } from './field.js';

export type ValidationMode = 'create' | 'replace' | 'patch';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER_TEXT = /^[+-]?\d{1,16}$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MAX_SHOWN = 40;

/** JSON text of a value short enough to quote in a message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text);
}

/**
 * Converts one input value to the field's type (`"42"` to 42 for integers, `"true"` to true, epoch numbers
 * to ISO timestamps). Returns an issue code and message when it cannot.
 */
export function coerceValue(
  type: FieldType,
  value: unknown,
): { ok: true; value: unknown } | { ok: false; code: string; message: string } {
  switch (type) {
    case 'text':
      if (typeof value === 'string') return { ok: true, value };
      return { ok: false, code: 'type', message: 'must be a string' };
    case 'uuid':
      if (typeof value === 'string' && UUID.test(value)) return { ok: true, value: value.toLowerCase() };
      return { ok: false, code: 'type', message: 'must be a UUID' };
    case 'integer': {
      const n = typeof value === 'string' && INTEGER_TEXT.test(value.trim()) ? Number(value) : value;
      if (typeof n === 'number' && Number.isSafeInteger(n)) return { ok: true, value: n };
      return { ok: false, code: 'type', message: 'must be an integer' };
    }
    case 'real': {
      const n = typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return { ok: true, value: n };
      return { ok: false, code: 'type', message: 'must be a finite number' };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 1 || value === '1' || value === 'true') return { ok: true, value: true };
      if (value === 0 || value === '0' || value === 'false') return { ok: true, value: false };
      return { ok: false, code: 'type', message: 'must be a boolean' };
    case 'timestamp': {
      const date =
        typeof value === 'number' && Number.isFinite(value)
          ? new Date(value)
          : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
            ? new Date(value)
            : undefined;
      if (date && !Number.isNaN(date.getTime())) return { ok: true, value: date.toISOString() };
      return { ok: false, code: 'type', message: 'must be an ISO-8601 date-time or epoch milliseconds' };
    }
    case 'json':
      if (
        value === undefined ||
        typeof value === 'function' ||
        typeof value === 'symbol' ||
        typeof value === 'bigint'
      ) {
        return { ok: false, code: 'type', message: 'must be a JSON value' };
      }
      return { ok: true, value };
  }
}

/** Length in code points (what a user counts as characters), without building an array per check. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function checkConstraints(
  field: FieldDefinition,
  value: unknown,
): { code: string; message: string } | undefined {
  if (typeof value === 'number') {
    if (field.min !== undefined && value < field.min)
      return { code: 'min', message: `must be >= ${field.min}` };
    if (field.max !== undefined && value > field.max)
      return { code: 'max', message: `must be <= ${field.max}` };
  }
  if (typeof value === 'string' && (field.type === 'text' || field.type === 'uuid')) {
    const length = codePoints(value);
    if (field.minLength !== undefined && length < field.minLength) {
      return { code: 'minLength', message: `must be at least ${field.minLength} characters` };
    }
    if (field.maxLength !== undefined && length > field.maxLength) {
      return { code: 'maxLength', message: `must be at most ${field.maxLength} characters` };
    }
    if (field.pattern) {
      field.pattern.lastIndex = 0;
      if (!field.pattern.test(value)) return { code: 'pattern', message: `does not match ${field.pattern}` };
    }
  }
  if (field.enum && !field.enum.includes(value as string | number)) {
    return { code: 'enum', message: `must be one of ${field.enum.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  if (field.validate === undefined) return undefined;
  const validators = Array.isArray(field.validate) ? field.validate : [field.validate];
  for (const validator of validators as ((v: unknown) => unknown)[]) {
    const verdict = validator(value);
    if (verdict === false) return { code: 'invalid', message: 'is not valid' };
    if (typeof verdict === 'string') return { code: 'invalid', message: verdict };
  }
  return undefined;
}

function defaultValue(field: FieldDefinition): unknown {
  return typeof field.default === 'function' ? (field.default as () => unknown)() : field.default;
}

/**
 * Validates and coerces a request body against the model. `create` and `replace` need every required field
 * (defaults fill absent ones); `patch` checks only the fields present. Unknown and managed fields are
 * rejected by name. Throws one `VALIDATION_FAILED` error listing every problem.
 */
export function validateInput(model: Model, input: unknown, mode: ValidationMode): Row {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ServiceError(ServiceErrorCode.VALIDATION_FAILED, 'the body must be a JSON object', {
      details: [{ field: '', code: 'type', message: 'the body must be a JSON object' }],
    });
  }
  const issues: FieldIssue[] = [];
  const out: Row = {};
  const body = input as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!(key in model.fields)) {
      const managed = key in model.columnTypes;
      issues.push({
        field: key,
        code: managed ? 'read_only' : 'unknown',
        message: managed
          ? `${shown(key)} is managed by the service and cannot be set`
          : `unknown field ${shown(key)}`,
      });
    }
  }
  for (const [name, field] of Object.entries(model.fields)) {
    let value = Object.hasOwn(body, name) ? body[name] : undefined;
    if (value === undefined) {
      if (mode === 'patch') continue;
      if (field.default !== undefined) value = defaultValue(field);
    }
    if (value === undefined || value === null) {
      if (field.required) issues.push({ field: name, code: 'required', message: `${name} is required` });
      else if (mode !== 'create' || value === null) out[name] = null;
      continue;
    }
    const coerced = coerceValue(field.type, value);
    if (!coerced.ok) {
      issues.push({ field: name, code: coerced.code, message: `${name} ${coerced.message}` });
      continue;
    }
    const problem = checkConstraints(field, coerced.value);
    if (problem) {
      issues.push({ field: name, code: problem.code, message: `${name} ${problem.message}` });
      continue;
    }
    out[name] = coerced.value;
  }
  if (issues.length > 0) {
    const names = [...new Set(issues.map((i) => i.field))].join(', ');
    throw new ServiceError(ServiceErrorCode.VALIDATION_FAILED, `invalid ${model.name} input: ${names}`, {
      details: issues,
    });
  }
  return out;
}

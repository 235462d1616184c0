import { ServiceError, ServiceErrorCode } from '../errors.js';
import type { Model } from '../models/define-model.js';
import { coerceValue } from '../models/validate.js';
import {
  FILTER_OPERATORS,
  type FilterCondition,
  type FilterOperator,
  type ListQuery,
  type SortKey,
} from './types.js';

/** D1 accepts at most 100 bound parameters per statement; paging uses two. */
const MAX_BOUND_FILTER_VALUES = 90;
const MAX_IN_VALUES = 50;
const MAX_SORT_KEYS = 5;
const FILTER_KEY = /^([^[\]]+)(?:\[([^[\]]*)\])?$/;
const RESERVED = new Set(['page', 'limit', 'sort']);

/** Programmatic list options: filters as `{ field: value }` or `{ field: { gt: value } }`, sort as `-a,b` or keys. */
export interface ListOptions {
  filter?: Record<string, unknown> | readonly FilterCondition[];
  sort?: string | readonly SortKey[];
  page?: number | string;
  limit?: number | string;
}

function invalid(message: string): ServiceError {
  return new ServiceError(ServiceErrorCode.INVALID_QUERY, message);
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

function isOperator(op: string): op is FilterOperator {
  return (FILTER_OPERATORS as readonly string[]).includes(op);
}

/** Checks one filter against the model and converts its value(s) to the column's type. */
export function filterCondition(model: Model, field: string, op: string, raw: unknown): FilterCondition {
  const type = model.columnTypes[field];
  if (
    !Object.hasOwn(model.columnTypes, field) ||
    type === undefined ||
    (field === 'deleted_at' && model.softDelete)
  ) {
    throw invalid(`unknown filter field ${quoted(field)} for ${model.name}`);
  }
  if (model.fields[field]?.hidden) throw invalid(`field ${quoted(field)} cannot be filtered`);
  if (!isOperator(op))
    throw invalid(`unknown filter operator ${quoted(op)} on ${field} (use ${FILTER_OPERATORS.join(', ')})`);
  if (type === 'json') throw invalid(`json field ${quoted(field)} cannot be filtered`);
  if (op === 'like') {
    if (type !== 'text' && type !== 'uuid' && type !== 'timestamp')
      throw invalid(`operator like needs a text field, ${field} is ${type}`);
    if (typeof raw !== 'string') throw invalid(`filter ${field}[like] needs a string`);
    return { field, op, value: raw };
  }
  const one = (value: unknown): unknown => {
    const result = coerceValue(type, value);
    if (!result.ok) throw invalid(`filter value for ${field} ${result.message}`);
    return result.value;
  };
  if (op === 'in') {
    const values = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw];
    if (values.length === 0 || values.length > MAX_IN_VALUES) {
      throw invalid(`filter ${field}[in] takes 1 to ${MAX_IN_VALUES} comma-separated values`);
    }
    return { field, op, value: values.map(one) };
  }
  return { field, op, value: one(raw) };
}

/** Parses `-created_at,name` (or given keys) against the model's sortable columns. */
export function sortKeys(model: Model, sort: string | readonly SortKey[] | undefined): SortKey[] {
  if (sort === undefined || sort === '') return [];
  const keys: SortKey[] =
    typeof sort === 'string'
      ? sort.split(',').map((part) => {
          const key = part.trim();
          return key.startsWith('-')
            ? { field: key.slice(1), direction: 'desc' }
            : { field: key.replace(/^\+/, ''), direction: 'asc' };
        })
      : [...sort];
  if (keys.length > MAX_SORT_KEYS) throw invalid(`sort takes at most ${MAX_SORT_KEYS} keys`);
  for (const key of keys) {
    const type = model.columnTypes[key.field];
    if (
      !Object.hasOwn(model.columnTypes, key.field) ||
      type === undefined ||
      model.fields[key.field]?.hidden
    ) {
      throw invalid(`unknown sort field ${quoted(key.field)} for ${model.name}`);
    }
    if (type === 'json') throw invalid(`json field ${quoted(key.field)} cannot be sorted`);
    if (key.direction !== 'asc' && key.direction !== 'desc')
      throw invalid(`sort direction for ${key.field} must be asc or desc`);
  }
  return keys;
}

function positiveInteger(name: string, raw: unknown, fallback: number, max?: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw invalid(`${name} must be an integer >= 1`);
  if (max !== undefined && n > max) throw invalid(`${name} must be at most ${max}`);
  return n;
}

function checkBoundCount(filter: FilterCondition[]): void {
  const bound = filter.reduce((sum, c) => sum + (Array.isArray(c.value) ? c.value.length : 1), 0);
  if (bound > MAX_BOUND_FILTER_VALUES)
    throw invalid(`too many filter values (at most ${MAX_BOUND_FILTER_VALUES})`);
}

/** Turns a list URL's query string into a checked `ListQuery`; anything not in the model is `INVALID_QUERY`. */
export function parseListQuery(model: Model, params: URLSearchParams): ListQuery {
  const filter: FilterCondition[] = [];
  // The reserved parameters are read in the same pass (first value, as `get` would give) and a repeated one
  // is reported after every filter was checked, as before.
  const reserved: Record<string, string | undefined> = { page: undefined, limit: undefined, sort: undefined };
  let repeated: string | undefined;
  for (const [key, value] of params) {
    if (RESERVED.has(key)) {
      if (reserved[key] === undefined) reserved[key] = value;
      else repeated ??= key;
      continue;
    }
    const match = FILTER_KEY.exec(key);
    if (!match)
      throw invalid(`malformed query parameter ${quoted(key)} (use field=value or field[op]=value)`);
    filter.push(filterCondition(model, match[1] as string, match[2] ?? 'eq', value));
  }
  if (repeated !== undefined) throw invalid(`${firstRepeated(params)} may appear only once`);
  checkBoundCount(filter);
  return {
    filter,
    sort: sortKeys(model, reserved.sort),
    page: positiveInteger('page', reserved.page, 1),
    limit: positiveInteger('limit', reserved.limit, model.pagination.defaultLimit, model.pagination.maxLimit),
  };
}

// The error names the repeated parameter in RESERVED's order (page, limit, sort), as it always has.
function firstRepeated(params: URLSearchParams): string {
  for (const name of RESERVED) if (params.getAll(name).length > 1) return name;
  return '';
}

// Queries the REST layer parsed from a request URL, by the model they were checked against: `list()` takes
// them as they are instead of checking them twice. Only `parseRequestQuery` marks a query, and the REST layer
// hands it straight to `list()`; options built or changed anywhere else are checked.
const parsedFor = new WeakMap<object, Model>();

/** `parseListQuery` for a request the REST layer answers with `list()` right away. */
export function parseRequestQuery(model: Model, params: URLSearchParams): ListQuery {
  const query = parseListQuery(model, params);
  parsedFor.set(query, model);
  return query;
}

/** List options as a checked query: one `parseRequestQuery` made for this model as it is, others checked. */
export function checkedListQuery(model: Model, options: ListOptions | ListQuery): ListQuery {
  return parsedFor.get(options) === model
    ? (options as ListQuery)
    : normalizeListOptions(model, options as ListOptions);
}

/** Checks programmatic list options the same way as a query string. */
export function normalizeListOptions(model: Model, options: ListOptions = {}): ListQuery {
  const filter: FilterCondition[] = [];
  if (Array.isArray(options.filter)) {
    for (const c of options.filter as FilterCondition[])
      filter.push(filterCondition(model, c.field, c.op, c.value));
  } else if (options.filter) {
    for (const [field, value] of Object.entries(options.filter)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [op, v] of Object.entries(value)) filter.push(filterCondition(model, field, op, v));
      } else {
        filter.push(filterCondition(model, field, 'eq', value));
      }
    }
  }
  checkBoundCount(filter);
  return {
    filter,
    sort: sortKeys(model, options.sort),
    page: positiveInteger('page', options.page, 1),
    limit: positiveInteger('limit', options.limit, model.pagination.defaultLimit, model.pagination.maxLimit),
  };
}

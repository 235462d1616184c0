import type { Model } from '../models/define-model.js';
import type { FieldType } from '../models/field.js';
import type { FilterCondition, ListQuery, Row } from './types.js';

// Identifiers only ever come from a checked `Model`; quoting them as well keeps keywords usable as names.
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Converts a decoded value to what D1 stores for the column type. */
export function encodeValue(type: FieldType | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value ? 1 : 0;
  if (type === 'json') return JSON.stringify(value);
  return value;
}

/** Converts a stored row back to API values and drops hidden fields. */
export function decodeRow(model: Model, row: Record<string, unknown>): Row {
  const out: Row = {};
  const visible = modelSql(model).visible;
  for (let i = 0; i < visible.length; i++) {
    const [column, type] = visible[i] as (typeof visible)[number];
    const value = row[column];
    if (value === null || value === undefined) out[column] = null;
    else if (type === 'boolean') out[column] = value === 1 || value === true;
    else if (type === 'json' && typeof value === 'string') {
      try {
        out[column] = JSON.parse(value);
      } catch {
        out[column] = value;
      }
    } else out[column] = value;
  }
  return out;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

interface ModelSql {
  columns: string;
  table: string;
  live: string;
  byId: string;
  /** Columns the API shows (not `deleted_at`, not hidden fields) with their types, for decoding rows. */
  visible: readonly (readonly [string, FieldType | undefined])[];
  /** INSERT text by the comma-joined list of columns it sets (column names come from the model). */
  inserts: Map<string, string>;
  /** Every column's quoted identifier. */
  quoted: Readonly<Record<string, string>>;
}

// The parts of every statement that depend only on the model, built once per model instead of per request.
const prepared = new WeakMap<Model, ModelSql>();

function modelSql(model: Model): ModelSql {
  let parts = prepared.get(model);
  if (!parts) {
    const columns = model.columns.map(ident).join(', ');
    const table = ident(model.table);
    const live = model.softDelete ? ` AND ${ident('deleted_at')} IS NULL` : '';
    parts = {
      columns,
      table,
      live,
      byId: `SELECT ${columns} FROM ${table} WHERE ${ident('id')} = ?${live} LIMIT 1`,
      visible: model.columns
        .filter((c) => c !== 'deleted_at' && !model.fields[c]?.hidden)
        .map((c) => [c, model.columnTypes[c]] as const),
      inserts: new Map(),
      quoted: Object.fromEntries(model.columns.map((c) => [c, ident(c)])),
    };
    prepared.set(model, parts);
  }
  return parts;
}

function columnList(model: Model): string {
  return modelSql(model).columns;
}

function liveClause(model: Model): string {
  return modelSql(model).live;
}

const COMPARISON: Record<Exclude<FilterCondition['op'], 'in'>, string> = {
  eq: '=',
  ne: 'IS NOT',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
};

/** A column's quoted identifier (prepared per model; any other name is quoted on the spot). */
function column(model: Model, name: string): string {
  const quoted = modelSql(model).quoted;
  return Object.hasOwn(quoted, name) ? (quoted[name] as string) : ident(name);
}

export function whereClause(model: Model, filter: readonly FilterCondition[]): Statement {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (model.softDelete) parts.push(`${ident('deleted_at')} IS NULL`);
  for (const condition of filter) {
    const type = model.columnTypes[condition.field];
    if (condition.op === 'in') {
      const values = condition.value as unknown[];
      parts.push(`${column(model, condition.field)} IN (${values.map(() => '?').join(', ')})`);
      for (const v of values) params.push(encodeValue(type, v));
    } else {
      parts.push(`${column(model, condition.field)} ${COMPARISON[condition.op]} ?`);
      params.push(condition.op === 'like' ? condition.value : encodeValue(type, condition.value));
    }
  }
  return { sql: parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

export function selectById(model: Model, id: string): Statement {
  return { sql: modelSql(model).byId, params: [id] };
}

export function existsById(model: Model, id: string): Statement {
  return {
    sql: `SELECT 1 AS found FROM ${modelSql(model).table} WHERE ${ident('id')} = ?${liveClause(model)} LIMIT 1`,
    params: [id],
  };
}

export function selectPage(
  model: Model,
  query: ListQuery,
  where: Statement = whereClause(model, query.filter),
): Statement {
  const order =
    query.sort.length > 0
      ? query.sort
      : model.timestamps
        ? [{ field: 'created_at', direction: 'desc' as const }]
        : [];
  // `id` last keeps pages stable when the sort keys tie.
  const keys = [
    ...order.map((k) => `${column(model, k.field)} ${k.direction === 'desc' ? 'DESC' : 'ASC'}`),
    `${ident('id')} ASC`,
  ];
  return {
    sql: `SELECT ${columnList(model)} FROM ${modelSql(model).table}${where.sql} ORDER BY ${keys.join(', ')} LIMIT ? OFFSET ?`,
    params: [...where.params, query.limit, (query.page - 1) * query.limit],
  };
}

export function countRows(
  model: Model,
  filter: readonly FilterCondition[],
  where: Statement = whereClause(model, filter),
): Statement {
  return { sql: `SELECT COUNT(*) AS total FROM ${modelSql(model).table}${where.sql}`, params: where.params };
}

export function insertRow(model: Model, row: Row): Statement {
  const columns = Object.keys(row).filter((c) => Object.hasOwn(model.columnTypes, c));
  // Creates mostly set the same columns, so the statement text is kept per column list.
  const parts = modelSql(model);
  const signature = columns.join(',');
  let text = parts.inserts.get(signature);
  if (text === undefined) {
    text = `INSERT INTO ${parts.table} (${columns.map(ident).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING ${parts.columns}`;
    if (parts.inserts.size < 64) parts.inserts.set(signature, text);
  }
  return { sql: text, params: columns.map((c) => encodeValue(model.columnTypes[c], row[c])) };
}

export function updateRow(model: Model, id: string, changes: Row): Statement {
  const columns = Object.keys(changes).filter((c) => Object.hasOwn(model.columnTypes, c) && c !== 'id');
  const set =
    columns.length > 0 ? columns.map((c) => `${ident(c)} = ?`).join(', ') : `${ident('id')} = ${ident('id')}`;
  return {
    sql: `UPDATE ${modelSql(model).table} SET ${set} WHERE ${ident('id')} = ?${liveClause(model)} RETURNING ${columnList(model)}`,
    params: [...columns.map((c) => encodeValue(model.columnTypes[c], changes[c])), id],
  };
}

export function deleteRow(model: Model, id: string, now: string): Statement {
  if (model.softDelete) {
    const stamp = model.timestamps ? `, ${ident('updated_at')} = ?` : '';
    return {
      sql: `UPDATE ${modelSql(model).table} SET ${ident('deleted_at')} = ?${stamp} WHERE ${ident('id')} = ?${liveClause(model)} RETURNING ${ident('id')}`,
      params: model.timestamps ? [now, now, id] : [now, id],
    };
  }
  return {
    sql: `DELETE FROM ${modelSql(model).table} WHERE ${ident('id')} = ? RETURNING ${ident('id')}`,
    params: [id],
  };
}

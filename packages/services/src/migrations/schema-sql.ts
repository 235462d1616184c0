import { ident } from '../data/sql.js';
import { ServiceError, ServiceErrorCode } from '../errors.js';
import type { Model } from '../models/define-model.js';
import { type FieldType, SQL_TYPE } from '../models/field.js';

/** The schema a set of models implies, recorded in every generated migration so the next one can diff. */
export interface SchemaSnapshot {
  version: 1;
  tables: Record<
    string,
    {
      columns: Record<string, FieldType>;
      required: string[];
      indexes: Record<string, { columns: string[]; unique: boolean }>;
    }
  >;
}

export interface SchemaDiff {
  statements: string[];
  /** Changes left out because they are not additive (a dropped column stays in the table). */
  notes: string[];
}

const SNAPSHOT_PREFIX = '-- clodo:schema ';

function tableIndexes(model: Model): Record<string, { columns: string[]; unique: boolean }> {
  const out: Record<string, { columns: string[]; unique: boolean }> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (field.unique) out[`uq_${model.table}_${name}`] = { columns: [name], unique: true };
    else if (field.index) out[`idx_${model.table}_${name}`] = { columns: [name], unique: false };
  }
  if (model.timestamps) out[`idx_${model.table}_created_at`] = { columns: ['created_at'], unique: false };
  if (model.softDelete) out[`idx_${model.table}_deleted_at`] = { columns: ['deleted_at'], unique: false };
  for (const index of model.indexes) out[index.name] = { columns: [...index.fields], unique: index.unique };
  return out;
}

export function snapshotOf(models: readonly Model[]): SchemaSnapshot {
  const tables: SchemaSnapshot['tables'] = {};
  for (const model of models) {
    if (tables[model.table])
      throw new ServiceError(ServiceErrorCode.INVALID_DEFINITION, `two models use table "${model.table}"`);
    tables[model.table] = {
      columns: { ...model.columnTypes },
      required: Object.entries(model.fields)
        .filter(([, f]) => f.required)
        .map(([n]) => n),
      indexes: tableIndexes(model),
    };
  }
  return { version: 1, tables };
}

function createIndex(table: string, name: string, index: { columns: string[]; unique: boolean }): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${ident(name)} ON ${ident(table)} (${index.columns.map(ident).join(', ')});`;
}

function createTable(table: string, spec: SchemaSnapshot['tables'][string]): string[] {
  const columns = Object.entries(spec.columns).map(([name, type]) => {
    if (name === 'id') return `  ${ident('id')} TEXT PRIMARY KEY NOT NULL`;
    const notNull =
      spec.required.includes(name) || name === 'created_at' || name === 'updated_at' ? ' NOT NULL' : '';
    return `  ${ident(name)} ${SQL_TYPE[type]}${notNull}`;
  });
  return [
    `CREATE TABLE IF NOT EXISTS ${ident(table)} (\n${columns.join(',\n')}\n);`,
    ...Object.entries(spec.indexes).map(([name, index]) => createIndex(table, name, index)),
  ];
}

/**
 * Statements taking a database from `previous` (undefined: empty) to what `models` describe: new tables,
 * added columns (nullable: SQLite cannot add a NOT NULL column without a default; validation enforces
 * `required`), new indexes. A changed column type cannot be migrated additively and throws.
 */
export function diffSchema(previous: SchemaSnapshot | undefined, models: readonly Model[]): SchemaDiff {
  const next = snapshotOf(models);
  const statements: string[] = [];
  const notes: string[] = [];
  const conflicts: string[] = [];
  for (const [table, spec] of Object.entries(next.tables)) {
    const before = previous?.tables[table];
    if (!before) {
      statements.push(...createTable(table, spec));
      continue;
    }
    for (const [column, type] of Object.entries(spec.columns)) {
      const old = before.columns[column];
      if (old === undefined)
        statements.push(`ALTER TABLE ${ident(table)} ADD COLUMN ${ident(column)} ${SQL_TYPE[type]};`);
      else if (SQL_TYPE[old] !== SQL_TYPE[type]) conflicts.push(`${table}.${column}: ${old} -> ${type}`);
    }
    for (const column of Object.keys(before.columns)) {
      if (!(column in spec.columns))
        notes.push(`${table}.${column} is no longer in the model; the column is kept`);
    }
    for (const [name, index] of Object.entries(spec.indexes)) {
      if (!before.indexes[name]) statements.push(createIndex(table, name, index));
    }
    for (const name of Object.keys(before.indexes)) {
      if (!(name in spec.indexes)) notes.push(`index ${name} is no longer declared; it is kept`);
    }
  }
  for (const table of Object.keys(previous?.tables ?? {})) {
    if (!next.tables[table]) notes.push(`table ${table} has no model any more; it is kept`);
  }
  if (conflicts.length > 0) {
    throw new ServiceError(
      ServiceErrorCode.MIGRATION_NOT_ADDITIVE,
      `column types changed (write this migration by hand): ${conflicts.join('; ')}`,
    );
  }
  return { statements, notes };
}

/** The full schema of `models` as SQL, for a fresh database (tests, local tools). */
export function schemaSql(models: readonly Model[]): string[] {
  return diffSchema(undefined, models).statements;
}

/** Text of a migration file: the statements, then the snapshot the next generation diffs against. */
export function renderMigration(
  statements: readonly string[],
  snapshot: SchemaSnapshot,
  notes: readonly string[] = [],
): string {
  const lines = [
    '-- Generated by @clodo/services from the service models. Never edit a migration once it is applied.',
  ];
  for (const note of notes) lines.push(`-- note: ${note}`);
  lines.push('', ...statements, '', `${SNAPSHOT_PREFIX}${JSON.stringify(snapshot)}`, '');
  return lines.join('\n');
}

/** The snapshot recorded in a generated migration, or undefined for a hand-written one. */
export function parseSnapshot(migrationText: string): SchemaSnapshot | undefined {
  for (const line of migrationText.split('\n')) {
    if (!line.startsWith(SNAPSHOT_PREFIX)) continue;
    try {
      const parsed = JSON.parse(line.slice(SNAPSHOT_PREFIX.length)) as SchemaSnapshot;
      if (parsed?.version === 1 && parsed.tables && typeof parsed.tables === 'object') return parsed;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

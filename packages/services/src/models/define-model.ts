import { definitionError } from '../errors.js';
import { FIELD_TYPES, type FieldDefinition, type FieldMap, type FieldType } from './field.js';
import { HOOK_OPERATIONS, type ModelHooks, mergeHooks } from './hooks.js';

export interface IndexDefinition {
  fields: readonly string[];
  unique?: boolean;
  /** Default: `idx_<table>_<fields joined by _>`. */
  name?: string;
}

export interface ModelDefinition<F extends FieldMap = FieldMap> {
  /** Resource name: the URL segment (`/api/<name>`); lowercase letters, digits, `-` and `_`. */
  name: string;
  /** D1 table; default: the name with `-` turned into `_`. */
  table?: string;
  fields: F;
  /** Adds `created_at` and `updated_at` (ISO-8601 text), maintained by the data service. Default true. */
  timestamps?: boolean;
  /** Adds `deleted_at`; DELETE marks rows instead of removing them and reads hide marked rows. */
  softDelete?: boolean;
  indexes?: readonly IndexDefinition[];
  hooks?: ModelHooks;
  /** List paging: default page size (20) and the largest accepted `limit` (100). */
  pagination?: { defaultLimit?: number; maxLimit?: number };
  description?: string;
}

/** A column the data service manages itself. */
export interface SystemColumn {
  name: string;
  type: FieldType;
}

export interface Model<F extends FieldMap = FieldMap> {
  readonly name: string;
  readonly table: string;
  readonly fields: Readonly<F>;
  readonly timestamps: boolean;
  readonly softDelete: boolean;
  readonly indexes: readonly Required<IndexDefinition>[];
  readonly hooks: ModelHooks;
  readonly pagination: { defaultLimit: number; maxLimit: number };
  readonly description?: string;
  /** `id`, then the fields, then the managed timestamp columns. */
  readonly columns: readonly string[];
  /** Type of every column (fields and managed columns), for filters, sorting and decoding. */
  readonly columnTypes: Readonly<Record<string, FieldType>>;
}

const MODEL_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const RESERVED_FIELDS = new Set(['id', 'created_at', 'updated_at', 'deleted_at', 'page', 'limit', 'sort']);

/**
 * Declares a model: checked once here (every problem names the option), then used for validation, SQL,
 * REST routes and migrations. Identifiers in SQL only ever come from a model built by this function.
 */
export function defineModel<F extends FieldMap>(definition: ModelDefinition<F>): Model<F> {
  if (definition === null || typeof definition !== 'object')
    throw definitionError('defineModel: expected an object');
  const { name } = definition;
  if (typeof name !== 'string' || !MODEL_NAME.test(name)) {
    throw definitionError(
      `defineModel: name ${JSON.stringify(name)} must be lowercase letters, digits, "-" or "_", starting with a letter`,
    );
  }
  const where = `defineModel(${name})`;
  const table = definition.table ?? name.replaceAll('-', '_');
  if (!IDENTIFIER.test(table))
    throw definitionError(`${where}: table ${JSON.stringify(table)} is not a valid identifier`);
  if (definition.fields === null || typeof definition.fields !== 'object') {
    throw definitionError(`${where}: fields must be an object of field definitions`);
  }
  const fieldNames = Object.keys(definition.fields);
  if (fieldNames.length === 0) throw definitionError(`${where}: fields must declare at least one field`);
  for (const field of fieldNames) checkField(where, field, definition.fields[field] as FieldDefinition);

  const timestamps = definition.timestamps ?? true;
  const softDelete = definition.softDelete ?? false;
  const columnTypes: Record<string, FieldType> = { id: 'uuid' };
  for (const field of fieldNames) columnTypes[field] = (definition.fields[field] as FieldDefinition).type;
  if (timestamps) {
    columnTypes.created_at = 'timestamp';
    columnTypes.updated_at = 'timestamp';
  }
  if (softDelete) columnTypes.deleted_at = 'timestamp';

  const indexes = (definition.indexes ?? []).map((index, i) => {
    if (!index || !Array.isArray(index.fields) || index.fields.length === 0) {
      throw definitionError(`${where}: indexes[${i}].fields must list at least one column`);
    }
    for (const column of index.fields) {
      if (!(column in columnTypes))
        throw definitionError(`${where}: indexes[${i}] names unknown column "${column}"`);
    }
    const indexName = index.name ?? `idx_${table}_${index.fields.join('_')}`;
    if (!IDENTIFIER.test(indexName))
      throw definitionError(`${where}: indexes[${i}].name is not a valid identifier`);
    return { fields: [...index.fields], unique: index.unique ?? false, name: indexName };
  });

  const hooks = definition.hooks ?? {};
  for (const phase of ['before', 'after'] as const) {
    for (const op of Object.keys(hooks[phase] ?? {})) {
      if (!(HOOK_OPERATIONS as readonly string[]).includes(op)) {
        throw definitionError(
          `${where}: hooks.${phase}.${op} is not a lifecycle operation (${HOOK_OPERATIONS.join(', ')})`,
        );
      }
    }
  }

  const defaultLimit = definition.pagination?.defaultLimit ?? 20;
  const maxLimit = definition.pagination?.maxLimit ?? 100;
  if (!Number.isInteger(maxLimit) || maxLimit < 1)
    throw definitionError(`${where}: pagination.maxLimit must be an integer >= 1`);
  if (!Number.isInteger(defaultLimit) || defaultLimit < 1 || defaultLimit > maxLimit) {
    throw definitionError(`${where}: pagination.defaultLimit must be an integer between 1 and maxLimit`);
  }

  const model: Model<F> = {
    name,
    table,
    fields: Object.freeze({ ...definition.fields }),
    timestamps,
    softDelete,
    indexes,
    hooks,
    pagination: { defaultLimit, maxLimit },
    columns: Object.keys(columnTypes),
    columnTypes: Object.freeze(columnTypes),
  };
  if (definition.description !== undefined)
    (model as { description?: string }).description = definition.description;
  return Object.freeze(model);
}

/** The same model with more lifecycle hooks appended after its own. */
export function withHooks<F extends FieldMap>(model: Model<F>, hooks: ModelHooks): Model<F> {
  return Object.freeze({ ...model, hooks: mergeHooks(model.hooks, hooks) });
}

function checkField(where: string, name: string, field: FieldDefinition): void {
  const at = `${where}: fields.${name}`;
  if (!IDENTIFIER.test(name))
    throw definitionError(`${at}: the name must be a valid identifier (letters, digits, _)`);
  if (RESERVED_FIELDS.has(name))
    throw definitionError(`${at}: "${name}" is reserved (managed column or query parameter)`);
  if (field === null || typeof field !== 'object')
    throw definitionError(`${at}: expected a field definition object`);
  if (!(FIELD_TYPES as readonly string[]).includes(field.type)) {
    throw definitionError(
      `${at}.type: ${JSON.stringify(field.type)} is not one of ${FIELD_TYPES.join(', ')}`,
    );
  }
  for (const key of ['min', 'max', 'minLength', 'maxLength'] as const) {
    const value = field[key];
    if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value)))
      throw definitionError(`${at}.${key}: must be a number`);
  }
  if (field.pattern !== undefined && !(field.pattern instanceof RegExp))
    throw definitionError(`${at}.pattern: must be a RegExp`);
  if (field.enum !== undefined && (!Array.isArray(field.enum) || field.enum.length === 0)) {
    throw definitionError(`${at}.enum: must be a non-empty array`);
  }
  const validators =
    field.validate === undefined ? [] : Array.isArray(field.validate) ? field.validate : [field.validate];
  if (validators.some((v) => typeof v !== 'function'))
    throw definitionError(`${at}.validate: must be a function or an array of functions`);
}

/** The column types a model field may have, and how each is stored in D1 (SQLite). */
export const FIELD_TYPES = ['text', 'integer', 'real', 'boolean', 'json', 'timestamp', 'uuid'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Storage class of each field type: booleans are 0/1, JSON is text, timestamps are ISO-8601 text. */
export const SQL_TYPE: Record<FieldType, 'TEXT' | 'INTEGER' | 'REAL'> = {
  text: 'TEXT',
  integer: 'INTEGER',
  real: 'REAL',
  boolean: 'INTEGER',
  json: 'TEXT',
  timestamp: 'TEXT',
  uuid: 'TEXT',
};

/** A custom validator: return a message (or false) to reject the value, true/undefined to accept it. */
export type FieldValidator = (value: unknown) => string | boolean | undefined;

export interface FieldDefinition {
  type: FieldType;
  /** Must be present on create and replace, and never null. */
  required?: boolean;
  /** A unique index is created; a duplicate value is a 409 CONFLICT. */
  unique?: boolean;
  /** Used on create when the field is absent; a function is called for each record. */
  default?: unknown | (() => unknown);
  /** Numbers: inclusive bounds. */
  min?: number;
  max?: number;
  /** Text: inclusive length bounds. */
  minLength?: number;
  maxLength?: number;
  /** Text: the whole value must match. */
  pattern?: RegExp;
  /** The value must be one of these. */
  enum?: readonly (string | number)[];
  /** Extra checks, run after the built-in ones. */
  validate?: FieldValidator | readonly FieldValidator[];
  /** Excluded from API responses (still stored). */
  hidden?: boolean;
  /** A plain index is created for faster filtering. */
  index?: boolean;
  description?: string;
}

export type FieldMap = Record<string, FieldDefinition>;

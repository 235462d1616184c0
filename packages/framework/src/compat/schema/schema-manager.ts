import {
  type D1DatabaseLike,
  defineModel,
  type Model,
  type ModelDefinition,
  type Row,
  ServiceError,
  ServiceErrorCode,
  schemaSql,
  type ValidationMode,
  validateInput,
} from '@clodo/services';

/**
 * The old `SchemaManager` (register models, validate input, generate SQL) over @clodo/services models.
 * Worker-safe: no `node:` imports.
 */
export class SchemaManager {
  readonly #models = new Map<string, Model>();

  /** Registers a model from a definition (validated by `defineModel`) or an already defined model. */
  registerModel(model: ModelDefinition | Model): Model {
    const defined = 'columns' in model ? (model as Model) : defineModel(model as ModelDefinition);
    if (this.#models.has(defined.name)) {
      throw new ServiceError(
        ServiceErrorCode.INVALID_DEFINITION,
        `SchemaManager: model "${defined.name}" is already registered`,
      );
    }
    this.#models.set(defined.name, defined);
    return defined;
  }

  getModel(name: string): Model {
    const model = this.#models.get(name);
    if (model === undefined) {
      const known = [...this.#models.keys()].join(', ') || 'none';
      throw new ServiceError(
        ServiceErrorCode.INVALID_DEFINITION,
        `SchemaManager: unknown model "${name}" (registered: ${known})`,
      );
    }
    return model;
  }

  get models(): Model[] {
    return [...this.#models.values()];
  }

  /** Validates and coerces input for a model; throws a `ServiceError` naming each bad field. */
  validateData(name: string, input: unknown, mode: ValidationMode = 'create'): Row {
    return validateInput(this.getModel(name), input, mode);
  }

  /** CREATE TABLE / CREATE INDEX statements for every registered model (or the named ones). */
  generateSQL(names?: readonly string[]): string[] {
    return schemaSql(names === undefined ? this.models : names.map((n) => this.getModel(n)));
  }

  /** Applies the generated schema to a D1 database in one batch. */
  async createTables(db: D1DatabaseLike, names?: readonly string[]): Promise<number> {
    const statements = this.generateSQL(names);
    if (statements.length > 0) await db.batch(statements.map((sql) => db.prepare(sql)));
    return statements.length;
  }
}

import {
  type CallOptions,
  type D1DatabaseLike,
  DataService,
  type DataServiceOptions,
  type ListOptions,
  type ListQuery,
  type ListResult,
  type Model,
  type Row,
} from '@clodo/services';

/**
 * The old `GenericDataService` (create/read/update/delete/list) over @clodo/services' `DataService`:
 * same validation, hooks, caching and SQL, old method names. Worker-safe.
 */
export class GenericDataService {
  readonly service: DataService;

  constructor(db: D1DatabaseLike, model: Model, options: DataServiceOptions = {}) {
    this.service = new DataService(db, model, options);
  }

  get model(): Model {
    return this.service.model;
  }

  create(input: unknown, options?: CallOptions): Promise<Row> {
    return this.service.create(input, options);
  }

  /** Null when no live record has the id. */
  read(id: string, options?: CallOptions): Promise<Row | null> {
    return this.service.get(id, options);
  }

  /** Partial update; null when no live record has the id. */
  update(id: string, patch: unknown, options?: CallOptions): Promise<Row | null> {
    return this.service.update(id, patch, options);
  }

  /** True when a record was deleted (or soft-deleted). */
  async delete(id: string, options?: CallOptions): Promise<boolean> {
    return (await this.service.delete(id, options)) !== null;
  }

  list(options?: ListOptions | ListQuery, call?: CallOptions): Promise<ListResult> {
    return this.service.list(options, call);
  }

  count(filter?: ListOptions['filter']): Promise<number> {
    return this.service.count(filter);
  }
}

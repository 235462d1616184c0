import type { D1DatabaseLike, D1StatementLike } from '../bindings/types.js';
import { ServiceError, ServiceErrorCode } from '../errors.js';
import type { Model } from '../models/define-model.js';
import type { FieldMap } from '../models/field.js';
import { runAfter, runBefore } from '../models/hooks.js';
import { validateInput } from '../models/validate.js';
import type { DataCache } from './cache.js';
import { checkedListQuery, type ListOptions, normalizeListOptions } from './query.js';
import * as sql from './sql.js';
import type { FilterCondition, ListQuery, ListResult, Row } from './types.js';

export interface DataServiceOptions {
  /** Read cache; every write through this service invalidates it before returning. */
  cache?: DataCache;
  /** Lifetime of cached reads in seconds (default 60). */
  cacheTtlSec?: number;
  /** Current time (tests pass a fixed clock). */
  now?: () => Date;
  /** New record ids (default `crypto.randomUUID()`). */
  newId?: () => string;
}

/** Per-call options: `context` reaches the hooks (the REST layer passes the request context). */
export interface CallOptions {
  context?: unknown;
}

const UNIQUE_VIOLATION = /UNIQUE constraint failed: ((?:\w+\.\w+(?:,\s*)?)+)/i;
const MAX_ID_LENGTH = 200;

/**
 * CRUD over one model's D1 table. Every identifier comes from the model and every value is bound; input is
 * validated and coerced from the model, lifecycle hooks run around each operation.
 */
export class DataService<F extends FieldMap = FieldMap> {
  readonly model: Model<F>;
  readonly #db: D1DatabaseLike;
  readonly #cache: DataCache | undefined;
  readonly #ttl: number;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(db: D1DatabaseLike, model: Model<F>, options: DataServiceOptions = {}) {
    if (!db || typeof db.prepare !== 'function') {
      throw new ServiceError(
        ServiceErrorCode.INVALID_DEFINITION,
        `DataService(${model?.name}): db must be a D1 database binding`,
      );
    }
    this.#db = db;
    this.model = model;
    this.#cache = options.cache;
    this.#ttl = options.cacheTtlSec ?? 60;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  async create(input: unknown, options: CallOptions = {}): Promise<Row> {
    let data = validateInput(this.model, input, 'create');
    data = await runBefore(this.model, 'create', data, options.context);
    const now = this.#now().toISOString();
    const row: Row = { id: this.#newId(), ...this.#fieldsOnly(data) };
    if (this.model.timestamps) Object.assign(row, { created_at: now, updated_at: now });
    const stored = await this.#write(sql.insertRow(this.model, row));
    if (this.#cache) await this.#invalidate(this.#cache);
    return runAfter(
      this.model,
      'create',
      sql.decodeRow(this.model, stored as Record<string, unknown>),
      options.context,
    );
  }

  async get(id: string, options: CallOptions = {}): Promise<Row | null> {
    if (!validId(id)) return null;
    const input = await runBefore(this.model, 'get', { id }, options.context);
    const row = this.#cache
      ? await this.#cached(this.#cache, `id:${input.id}`, () => this.#findById(input.id))
      : await this.#findById(input.id);
    if (!row) return null;
    return runAfter(this.model, 'get', row as Row, options.context);
  }

  async list(options: ListOptions | ListQuery = {}, call: CallOptions = {}): Promise<ListResult> {
    let query = checkedListQuery(this.model, options);
    query = await runBefore(this.model, 'list', query, call.context);
    const { data, total } = (
      this.#cache
        ? await this.#cached(this.#cache, `list:${JSON.stringify(query)}`, () => this.#loadPage(query))
        : await this.#loadPage(query)
    ) as { data: Row[]; total: number };
    const after = await runAfter(this.model, 'list', { data, total }, call.context);
    const totalPages = Math.ceil(after.total / query.limit);
    return {
      data: after.data,
      pagination: {
        page: query.page,
        limit: query.limit,
        total: after.total,
        totalPages,
        hasNext: query.page < totalPages,
        hasPrev: query.page > 1,
      },
    };
  }

  /** Partial update: only the fields present are validated and written. Null when no live record has the id. */
  update(id: string, patch: unknown, options: CallOptions = {}): Promise<Row | null> {
    return this.#change(id, patch, 'patch', options);
  }

  /** Full replacement: required fields must be present, absent optional fields become null or their default. */
  replace(id: string, input: unknown, options: CallOptions = {}): Promise<Row | null> {
    return this.#change(id, input, 'replace', options);
  }

  /** Deletes (or, for soft-delete models, marks) the record. Null when no live record has the id. */
  async delete(id: string, options: CallOptions = {}): Promise<{ id: string } | null> {
    if (!validId(id)) return null;
    const input = await runBefore(this.model, 'delete', { id, soft: this.model.softDelete }, options.context);
    const found = await this.#write(sql.deleteRow(this.model, input.id, this.#now().toISOString()));
    if (this.#cache) await this.#invalidate(this.#cache);
    if (!found) return null;
    return runAfter(this.model, 'delete', { id: String(found.id) }, options.context);
  }

  async count(filter: ListOptions['filter'] = {}): Promise<number> {
    const query = normalizeListOptions(this.model, { filter });
    const row = await this.#statement(sql.countRows(this.model, query.filter as FilterCondition[])).first<{
      total: number;
    }>();
    return Number(row?.total ?? 0);
  }

  async exists(id: string): Promise<boolean> {
    if (!validId(id)) return false;
    return (await this.#statement(sql.existsById(this.model, id)).first()) !== null;
  }

  async #change(
    id: string,
    body: unknown,
    mode: 'patch' | 'replace',
    options: CallOptions,
  ): Promise<Row | null> {
    const validated = validateInput(this.model, body, mode);
    if (!validId(id)) return null;
    const input = await runBefore(this.model, 'update', { id, data: validated, mode }, options.context);
    const changes = this.#fieldsOnly(input.data);
    if (this.model.timestamps) changes.updated_at = this.#now().toISOString();
    const stored = await this.#write(sql.updateRow(this.model, input.id, changes));
    if (this.#cache) await this.#invalidate(this.#cache);
    if (!stored) return null;
    return runAfter(this.model, 'update', sql.decodeRow(this.model, stored), options.context);
  }

  async #loadPage(query: ListQuery): Promise<{ data: Row[]; total: number }> {
    // The page and the count share one WHERE clause, built once, and one round trip.
    const where = sql.whereClause(this.model, query.filter);
    const [page, count] = await this.#db.batch<Record<string, unknown>>([
      this.#statement(sql.selectPage(this.model, query, where)),
      this.#statement(sql.countRows(this.model, query.filter, where)),
    ]);
    return {
      data: (page?.results ?? []).map((r) => sql.decodeRow(this.model, r)),
      total: Number((count?.results[0] as { total?: number } | undefined)?.total ?? 0),
    };
  }

  async #findById(id: string): Promise<Row | null> {
    const found = await this.#statement(sql.selectById(this.model, id)).first();
    return found ? sql.decodeRow(this.model, found) : null;
  }

  /** Keeps only declared fields: hooks may add keys, but only the model decides what reaches SQL. */
  #fieldsOnly(data: Row): Row {
    const out: Row = {};
    for (const key of Object.keys(data)) if (Object.hasOwn(this.model.fields, key)) out[key] = data[key];
    return out;
  }

  #statement(statement: sql.Statement): D1StatementLike {
    const prepared = this.#db.prepare(statement.sql);
    return statement.params.length > 0 ? prepared.bind(...statement.params) : prepared;
  }

  async #write(statement: sql.Statement): Promise<Record<string, unknown> | null> {
    try {
      return await this.#statement(statement).first();
    } catch (error) {
      const match = UNIQUE_VIOLATION.exec(error instanceof Error ? error.message : String(error));
      if (match) {
        const columns = (match[1] as string).split(',').map((c) => c.trim().split('.').pop() ?? '');
        const fields = columns.filter((c) => Object.hasOwn(this.model.columnTypes, c));
        throw new ServiceError(
          ServiceErrorCode.CONFLICT,
          `a ${this.model.name} record with the same ${fields.join(', ') || 'unique value'} already exists`,
          { details: fields.map((field) => ({ field, code: 'unique', message: `${field} must be unique` })) },
        );
      }
      throw error;
    }
  }

  // Reads and writes go through the cache only when there is one, so a service without it builds no keys
  // (a list key serializes the whole query) and pays no await per write.
  async #cached(cache: DataCache, key: string, load: () => Promise<unknown>): Promise<unknown> {
    let version = await cache.get(this.#versionKey());
    // A lost version key (evicted, expired) starts a new generation rather than reviving old entries.
    if (version === undefined) version = await this.#invalidate(cache);
    const full = `${this.model.table}:${String(version)}:${key}`;
    const hit = await cache.get(full);
    if (hit !== undefined) return hit;
    const value = await load();
    await cache.set(full, value, this.#ttl);
    return value;
  }

  #versionKey(): string {
    return `${this.model.table}:version`;
  }

  // A fresh version makes every earlier cached read of this table unreachable; entries then age out.
  async #invalidate(cache: DataCache): Promise<string> {
    const version = crypto.randomUUID();
    await cache.set(this.#versionKey(), version, 86_400);
    return version;
  }
}

function validId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;
}

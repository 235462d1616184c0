import { createHash, randomBytes } from 'node:crypto';
import { type D1Database, executeSql, exportSql } from '../d1/d1-executor.js';
import { splitSql } from '../d1/split-sql.js';
import type { D1Record } from '../state/model.js';
import { type Account, newId } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { json, type Router } from './router.js';
import { jsonBody } from './workers-routes.js';

const D = '/accounts/:accountId/d1/database';

/** Files handed over out of band (import uploads, export downloads), keyed by a random token. */
export class TransferArea {
  readonly uploads: Map<string, { filename: string; sql?: string; etag?: string }> = new Map();
  readonly downloads: Map<string, string> = new Map();

  token(): string {
    return randomBytes(18).toString('hex');
  }
}

function shape(db: D1Record) {
  return {
    uuid: db.uuid,
    name: db.name,
    created_at: db.createdAt,
    version: 'production',
    num_tables: 0,
    file_size: 0,
    running_in_region: db.locationHint ?? 'LOCAL',
    read_replication: { mode: 'disabled' },
  };
}

function queryError(error: unknown): CfApiError {
  const message = (error as Error).message.replace(/^D1_ERROR: /, '');
  return new CfApiError(400, CF_CODES.D1_QUERY_ERROR, `${message}: SQLITE_ERROR`);
}

/** D1 databases: metadata in the state file, data in workerd's D1 store (the workers' own). */
export function d1Routes(
  router: Router,
  account: Account,
  transfers: TransferArea,
  origin: () => string,
): void {
  const find = (idOrName: string): D1Record => {
    const db = account.state.d1.find((d) => d.uuid === idOrName || d.name === idOrName);
    if (!db) throw new CfApiError(404, CF_CODES.D1_NOT_FOUND, `The database ${idOrName} could not be found`);
    return db;
  };

  /** The database through the admin worker's binding, starting workerd if it lacks it. */
  const binding = async (db: D1Record): Promise<D1Database> => {
    let generation = account.runtime.generation;
    if (!generation?.d1Bindings.has(db.uuid)) {
      await account.refresh();
      generation = account.runtime.generation;
    }
    const found = await generation?.d1(db.uuid);
    if (!found) throw new CfApiError(500, CF_CODES.D1_QUERY_ERROR, `database ${db.uuid} is not available`);
    return found;
  };

  router.on('GET', D, (req) => {
    const name = req.query.get('name');
    const all = account.state.d1.filter((d) => !name || d.name === name).map(shape);
    const page = Number(req.query.get('page') ?? 1);
    const perPage = Number(req.query.get('per_page') ?? 10);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    return {
      kind: 'json',
      result: slice,
      resultInfo: { page, per_page: perPage, count: slice.length, total_count: all.length },
    };
  });

  router.on('POST', D, (req) =>
    account.serialize(async () => {
      const body = jsonBody(req);
      const name = body.name;
      if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(name)) {
        throw new CfApiError(
          400,
          CF_CODES.VALIDATION,
          'database "name" must be 1-64 letters, digits, "-" or "_"',
        );
      }
      if (account.state.d1.some((d) => d.name === name)) {
        throw new CfApiError(400, CF_CODES.D1_NAME_TAKEN, `A database with name '${name}' already exists`);
      }
      const db: D1Record = {
        uuid: newId(),
        name,
        createdAt: account.timestamp(),
        ...(typeof body.primary_location_hint === 'string'
          ? { locationHint: body.primary_location_hint }
          : {}),
      };
      await account.store.update((state) => {
        state.d1.push(db);
      });
      return json(shape(db));
    }),
  );

  router.on('GET', `${D}/:db`, (req) => json(shape(find(req.params.db as string))));

  router.on('DELETE', `${D}/:db`, (req) =>
    account.serialize(async () => {
      const db = find(req.params.db as string);
      await account.store.update((state) => {
        state.d1 = state.d1.filter((d) => d.uuid !== db.uuid);
      });
      return json(null);
    }),
  );

  router.on('POST', `${D}/:db/query`, (req) =>
    account.serialize(async () => {
      const db = find(req.params.db as string);
      const body = jsonBody(req);
      if (typeof body.sql !== 'string')
        throw new CfApiError(400, CF_CODES.VALIDATION, '"sql" must be a string');
      const params = Array.isArray(body.params) ? body.params : [];
      try {
        return json(await executeSql(await binding(db), body.sql, params));
      } catch (error) {
        if (error instanceof CfApiError) throw error;
        throw queryError(error);
      }
    }),
  );

  router.on('POST', `${D}/:db/import`, (req) =>
    account.serialize(async () => {
      const db = find(req.params.db as string);
      const body = jsonBody(req);
      if (body.action === 'init') {
        const token = transfers.token();
        const filename = `${db.uuid}-${token}.sql`;
        transfers.uploads.set(token, { filename, etag: String(body.etag ?? '') });
        return json({ upload_url: `${origin()}/__clodo/d1/upload/${token}`, filename });
      }
      if (body.action === 'ingest') {
        const entry = [...transfers.uploads.values()].find((u) => u.filename === body.filename);
        if (!entry?.sql)
          throw new CfApiError(400, CF_CODES.VALIDATION, `no uploaded file named ${String(body.filename)}`);
        const started = performance.now();
        let results: Awaited<ReturnType<typeof executeSql>>;
        try {
          results = await executeSql(await binding(db), entry.sql);
        } catch (error) {
          throw queryError(error);
        }
        const sum = (key: string) => results.reduce((n, r) => n + Number(r.meta[key] ?? 0), 0);
        const bookmark = `clodo-${Date.now().toString(16)}`;
        return json({
          success: true,
          status: 'complete',
          at_bookmark: bookmark,
          messages: [],
          errors: [],
          result: {
            num_queries: splitSql(entry.sql).length,
            final_bookmark: bookmark,
            meta: {
              duration: performance.now() - started,
              rows_read: sum('rows_read'),
              rows_written: sum('rows_written'),
              size_after: Number(results.at(-1)?.meta.size_after ?? 0),
              changes: sum('changes'),
            },
          },
        });
      }
      throw new CfApiError(400, CF_CODES.VALIDATION, `import action ${String(body.action)} is not supported`);
    }),
  );

  router.on('POST', `${D}/:db/export`, (req) =>
    account.serialize(async () => {
      const db = find(req.params.db as string);
      const options = (jsonBody(req).dump_options ?? {}) as Record<string, unknown>;
      const sql = await exportSql(await binding(db), {
        noSchema: options.no_schema === true,
        noData: options.no_data === true,
        tables: Array.isArray(options.tables) ? options.tables.map(String) : [],
      });
      const token = transfers.token();
      transfers.downloads.set(token, sql);
      return json({
        success: true,
        status: 'complete',
        at_bookmark: `clodo-${Date.now().toString(16)}`,
        messages: [],
        result: { filename: `${db.name}.sql`, signed_url: `${origin()}/__clodo/d1/download/${token}` },
      });
    }),
  );
}

/** md5 of an upload, which wrangler compares with the ETag the upload answered. */
export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

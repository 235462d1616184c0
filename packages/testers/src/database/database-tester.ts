import { invalidArgument } from '../errors.js';
import { HttpClient, type HttpOutcome } from '../http/client.js';
import { type Credentials, credentialHeaders, secretValues } from '../http/credentials.js';
import { emitProgress, type ProgressListener } from '../progress/events.js';

export interface CrudResource {
  /** Collection path, e.g. `/api/users`. */
  path: string;
  /** Body of the record to create; it must satisfy the model (unique fields should be unique). */
  create: Record<string, unknown>;
  /** Fields to change; they are checked on the updated record. */
  update: Record<string, unknown>;
  /** Identifier member of a record (default `id`). */
  idField?: string;
  updateMethod?: 'PATCH' | 'PUT';
}

export interface DatabaseTesterOptions {
  baseUrl: string;
  credentials?: Credentials;
  resource: CrudResource;
  /** Pages the list step may read looking for the record (default 20, 100 per page). */
  maxListPages?: number;
  timeoutMs?: number;
  onProgress?: ProgressListener;
  /** Aborts requests in flight; the result reports them as ABORTED failures. */
  signal?: AbortSignal;
}

export type DatabaseStepName =
  | 'count-before'
  | 'create'
  | 'get'
  | 'update'
  | 'list'
  | 'delete'
  | 'get-deleted'
  | 'count-after';

export interface DatabaseStep {
  name: DatabaseStepName;
  passed: boolean;
  /** `skipped` when an earlier step failed. */
  skipped: boolean;
  status: number | null;
  latencyMs: number;
  failures: string[];
}

export interface DatabaseResult {
  kind: 'database';
  target: string;
  resource: string;
  passed: boolean;
  createdId: string | null;
  countBefore: number | null;
  countAfter: number | null;
  steps: DatabaseStep[];
  /** Whether the tester had to delete its record after a failed step, and whether that worked. */
  cleanup: { needed: boolean; succeeded: boolean; status: number | null };
}

const STEPS: DatabaseStepName[] = [
  'count-before',
  'create',
  'get',
  'update',
  'list',
  'delete',
  'get-deleted',
  'count-after',
];

/** A CRUD round trip through the REST API that leaves the data as it found it. */
export class DatabaseTester {
  readonly #options: DatabaseTesterOptions;

  constructor(options: DatabaseTesterOptions) {
    if (options === null || typeof options !== 'object')
      throw invalidArgument('options', 'must be an object');
    const r = options.resource;
    if (!r || typeof r.path !== 'string' || !r.path.startsWith('/')) {
      throw invalidArgument('resource.path', 'must be a path such as /api/users');
    }
    if (!isRecord(r.create))
      throw invalidArgument('resource.create', 'must be an object (the record to create)');
    if (!isRecord(r.update) || Object.keys(r.update).length === 0) {
      throw invalidArgument('resource.update', 'must be an object with at least one field to change');
    }
    this.#options = options;
  }

  async run(): Promise<DatabaseResult> {
    const o = this.#options;
    const r = o.resource;
    const idField = r.idField ?? 'id';
    const collection = r.path.replace(/\/+$/, '');
    const headers = credentialHeaders(o.credentials);
    const client = new HttpClient({
      baseUrl: o.baseUrl,
      timeoutMs: o.timeoutMs,
      secrets: secretValues(o.credentials),
    });
    const steps: DatabaseStep[] = [];
    let id: string | null = null;
    let deleted = false;
    let countBefore: number | null = null;
    let countAfter: number | null = null;
    const call = (method: string, path: string, body?: unknown) =>
      client.request({ method, path, headers, body, signal: o.signal });

    const step = async (
      name: DatabaseStepName,
      action: () => Promise<{ outcome: HttpOutcome; check: (json: unknown, status: number) => string[] }>,
    ): Promise<boolean> => {
      const { outcome, check } = await action();
      const result: DatabaseStep = {
        name,
        passed: false,
        skipped: false,
        status: null,
        latencyMs: 0,
        failures: [],
      };
      if (!outcome.ok) {
        result.latencyMs = ms(outcome.failure.latencyUs);
        result.failures.push(`${outcome.failure.kind}: ${outcome.failure.message}`);
      } else {
        result.status = outcome.response.status;
        result.latencyMs = ms(outcome.response.latencyUs);
        result.failures.push(...check(outcome.response.json, outcome.response.status));
      }
      result.passed = result.failures.length === 0;
      steps.push(result);
      emitProgress(o.onProgress, { type: 'check', tester: 'database', name, passed: result.passed });
      return result.passed;
    };

    const itemPath = () => `${collection}/${encodeURIComponent(id ?? '')}`;
    try {
      // Each step runs only if the one before passed; the chain stops at the first failure.
      await ((await step('count-before', async () => ({
        outcome: await call('GET', `${collection}?limit=1`),
        check: (json, status) => {
          const total = totalOf(json);
          if (status === 200 && total !== null) countBefore = total;
          return expectStatus(status, 200, json, total === null ? ['$.pagination.total missing'] : []);
        },
      }))) &&
        (await step('create', async () => ({
          outcome: await call('POST', collection, r.create),
          check: (json, status) => {
            const data = dataOf(json);
            const raw = data?.[idField];
            if (status === 201 && (typeof raw === 'string' || typeof raw === 'number')) id = String(raw);
            const problems = id === null ? [`$.data.${idField} missing`] : [];
            return expectStatus(status, 201, json, [...problems, ...mismatches(data, r.create, 'create')]);
          },
        }))) &&
        (await step('get', async () => ({
          outcome: await call('GET', itemPath()),
          check: (json, status) => expectStatus(status, 200, json, mismatches(dataOf(json), r.create, 'get')),
        }))) &&
        (await step('update', async () => ({
          outcome: await call(
            r.updateMethod ?? 'PATCH',
            itemPath(),
            r.updateMethod === 'PUT' ? { ...r.create, ...r.update } : r.update,
          ),
          check: (json, status) =>
            expectStatus(status, 200, json, mismatches(dataOf(json), r.update, 'update')),
        }))) &&
        (await step('list', async () => {
          const { outcome, found, pages } = await findInList(
            call,
            collection,
            idField,
            id ?? '',
            o.maxListPages ?? 20,
          );
          return {
            outcome,
            check: (json, status) =>
              expectStatus(
                status,
                200,
                json,
                found ? [] : [`record ${id} not found in ${pages} page(s) of the list`],
              ),
          };
        })) &&
        (await step('delete', async () => ({
          outcome: await call('DELETE', itemPath()),
          check: (json, status) => {
            if (status === 200) deleted = true;
            return expectStatus(status, 200, json, []);
          },
        }))) &&
        (await step('get-deleted', async () => ({
          outcome: await call('GET', itemPath()),
          check: (_json, status) => (status === 404 ? [] : [`status ${status}, expected 404 after delete`]),
        }))) &&
        (await step('count-after', async () => ({
          outcome: await call('GET', `${collection}?limit=1`),
          check: (json, status) => {
            countAfter = totalOf(json);
            const problems =
              countAfter === countBefore ? [] : [`count ${countAfter} after, ${countBefore} before`];
            return expectStatus(status, 200, json, problems);
          },
        }))));
    } finally {
      for (const name of STEPS.slice(steps.length)) {
        steps.push({ name, passed: false, skipped: true, status: null, latencyMs: 0, failures: [] });
      }
    }

    const cleanup: DatabaseResult['cleanup'] = { needed: false, succeeded: true, status: null };
    if (id !== null && !deleted) {
      // A step failed after the record was created: remove it so the tester leaves no data behind.
      cleanup.needed = true;
      // Not tied to the caller's signal: an aborted run must still remove what it created.
      const outcome = await client.request({ method: 'DELETE', path: itemPath(), headers });
      cleanup.status = outcome.ok ? outcome.response.status : null;
      cleanup.succeeded = outcome.ok && (outcome.response.status === 200 || outcome.response.status === 404);
    }
    await client.close();
    const passed = steps.every((s) => s.passed) && cleanup.succeeded;
    return {
      kind: 'database',
      target: client.target.display,
      resource: collection,
      passed,
      createdId: id,
      countBefore,
      countAfter,
      steps,
      cleanup,
    };
  }
}

type Call = (method: string, path: string, body?: unknown) => Promise<HttpOutcome>;

async function findInList(call: Call, collection: string, idField: string, id: string, maxPages: number) {
  let outcome: HttpOutcome | undefined;
  for (let page = 1; page <= maxPages; page++) {
    outcome = await call('GET', `${collection}?page=${page}&limit=100`);
    if (!outcome.ok || outcome.response.status !== 200) return { outcome, found: false, pages: page };
    const body = outcome.response.json as { data?: unknown; pagination?: { hasNext?: unknown } } | undefined;
    const rows = Array.isArray(body?.data) ? (body.data as Array<Record<string, unknown>>) : [];
    if (rows.some((row) => String(row?.[idField]) === id)) return { outcome, found: true, pages: page };
    if (body?.pagination?.hasNext !== true) return { outcome, found: false, pages: page };
  }
  return { outcome: outcome as HttpOutcome, found: false, pages: maxPages };
}

function expectStatus(status: number, expected: number, json: unknown, problems: string[]): string[] {
  if (status === expected) return problems;
  const code = (json as { error?: { code?: unknown } } | undefined)?.error?.code;
  return [`status ${status}${typeof code === 'string' ? ` (${code})` : ''}, expected ${expected}`];
}

function mismatches(
  data: Record<string, unknown> | null,
  expected: Record<string, unknown>,
  step: string,
): string[] {
  if (!data) return [`${step}: $.data missing`];
  const out: string[] = [];
  for (const [field, value] of Object.entries(expected)) {
    if (JSON.stringify(data[field]) !== JSON.stringify(value))
      out.push(`${step}: $.data.${field} does not match what was sent`);
  }
  return out;
}

function dataOf(json: unknown): Record<string, unknown> | null {
  const data = (json as { data?: unknown } | undefined)?.data;
  return isRecord(data) ? data : null;
}

function totalOf(json: unknown): number | null {
  const total = (json as { pagination?: { total?: unknown } } | undefined)?.pagination?.total;
  return typeof total === 'number' ? total : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ms(latencyUs: number): number {
  return Math.round(latencyUs) / 1000;
}

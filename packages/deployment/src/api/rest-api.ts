import { type Clock, systemClock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../runner/retry.js';
import { assertTarget, type DeploymentTarget } from '../targets/target.js';
import type { CloudflareApi, D1Database, WorkerDeployment, WorkerVersion } from './cloudflare-api.js';

export interface CloudflareRestApiOptions {
  target: DeploymentTarget;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout (30 s). */
  timeoutMs?: number;
}

interface Envelope<T> {
  success?: boolean;
  result?: T;
  errors?: Array<{ code?: number; message?: string }>;
  result_info?: { page?: number; total_pages?: number; count?: number; per_page?: number };
}

const NOT_FOUND_CODES = new Set([10007, 10090, 7003]);

/** `CloudflareApi` over the target's REST API base URL (the emulator or api.cloudflare.com). */
export class CloudflareRestApi implements CloudflareApi {
  readonly #target: DeploymentTarget;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;

  constructor(options: CloudflareRestApiOptions) {
    assertTarget(options.target);
    this.#target = options.target;
    this.#fetch = options.fetch ?? fetch;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async listDeployments(workerName: string): Promise<WorkerDeployment[]> {
    const result = await this.#request<{ deployments?: RawDeployment[] }>(
      'GET',
      `/workers/scripts/${encodeURIComponent(workerName)}/deployments`,
      undefined,
      { notFound: { deployments: [] } },
    );
    return (result.deployments ?? []).map((d) => ({
      id: d.id,
      createdOn: d.created_on,
      versions: (d.versions ?? []).map((v) => ({ versionId: v.version_id, percentage: v.percentage })),
      message: d.annotations?.['workers/message'],
    }));
  }

  async listVersions(workerName: string): Promise<WorkerVersion[]> {
    const result = await this.#request<{ items?: RawVersion[] } | RawVersion[]>(
      'GET',
      `/workers/scripts/${encodeURIComponent(workerName)}/versions?deployable=true`,
      undefined,
      { notFound: { items: [] } },
    );
    const items = Array.isArray(result) ? result : (result.items ?? []);
    return items
      .map((v) => ({
        id: v.id,
        number: v.number,
        createdOn: v.metadata?.created_on ?? v.created_on ?? '',
        message: v.annotations?.['workers/message'],
      }))
      .sort((a, b) => (b.number ?? 0) - (a.number ?? 0) || b.createdOn.localeCompare(a.createdOn));
  }

  async listSecretNames(workerName: string): Promise<string[]> {
    const result = await this.#request<Array<{ name: string }>>(
      'GET',
      `/workers/scripts/${encodeURIComponent(workerName)}/secrets`,
      undefined,
      { notFound: [] },
    );
    return result.map((secret) => secret.name).sort();
  }

  async findD1Database(name: string): Promise<D1Database | undefined> {
    const result = await this.#request<Array<{ uuid: string; name: string }>>(
      'GET',
      `/d1/database?name=${encodeURIComponent(name)}&per_page=100`,
    );
    const found = result.find((db) => db.name === name);
    return found ? { uuid: found.uuid, name: found.name } : undefined;
  }

  async createD1Database(name: string): Promise<D1Database> {
    const result = await this.#request<{ uuid: string; name: string }>('POST', '/d1/database', { name });
    return { uuid: result.uuid, name: result.name };
  }

  async queryD1(databaseId: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const result = await this.#request<Array<{ results?: Record<string, unknown>[]; success?: boolean }>>(
      'POST',
      `/d1/database/${encodeURIComponent(databaseId)}/query`,
      { sql, params },
    );
    return result[0]?.results ?? [];
  }

  async #request<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { notFound?: T } = {},
  ): Promise<T> {
    const url = `${this.#target.apiBaseUrl.replace(/\/$/, '')}/accounts/${this.#target.accountId}${path}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.#target.apiToken}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        throw new DeploymentError(
          DEPLOYMENT_ERRORS.API_FAILED,
          `${method} ${path}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`,
        );
      }
      const envelope = (await response.json().catch(() => ({}))) as Envelope<T>;
      const code = envelope.errors?.[0]?.code;
      if (response.status === 429 || code === 971 || code === 10013) {
        if (attempt < this.#policy.maxAttempts) {
          const retryAfter = Number(response.headers.get('retry-after'));
          await this.#clock.sleep(
            backoffDelay(this.#policy, attempt, this.#random, retryAfter > 0 ? retryAfter * 1000 : undefined),
          );
          continue;
        }
      }
      if (response.ok && envelope.success !== false && envelope.result !== undefined) return envelope.result;
      if (options.notFound !== undefined && (response.status === 404 || NOT_FOUND_CODES.has(code ?? 0))) {
        return options.notFound;
      }
      const message = envelope.errors?.map((e) => `${e.message} [code: ${e.code}]`).join('; ');
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.API_FAILED,
        `${method} ${path} failed with HTTP ${response.status}${message ? `: ${message}` : ''}`,
        { status: response.status, code, attempts: attempt },
      );
    }
  }
}

interface RawDeployment {
  id: string;
  created_on: string;
  versions?: Array<{ version_id: string; percentage: number }>;
  annotations?: Record<string, string>;
}

interface RawVersion {
  id: string;
  number?: number;
  created_on?: string;
  metadata?: { created_on?: string };
  annotations?: Record<string, string>;
}

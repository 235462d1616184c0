// Starts the test worker in workerd (Miniflare) with real D1, KV, R2 and queues.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import type { Model } from '../index.js';
import { schemaSql } from '../index.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON, read loosely by tests
export type Json = any;

/** Miniflare's binding proxies, typed by the slices the tests use (workers-types are not installed). */
export interface KvProbe {
  get(key: string): Promise<string | null>;
  list(options: { prefix: string }): Promise<{ keys: { name: string }[] }>;
}

export interface WorkerProbe {
  queue(
    queue: string,
    messages: { id: string; timestamp: Date; body: unknown; attempts: number }[],
  ): Promise<{
    outcome: string;
    explicitAcks: string[];
    retryMessages: { msgId: string; delaySeconds?: number }[];
  }>;
  scheduled(options: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>;
}

export interface Harness {
  mf: Miniflare;
  kv(): Promise<KvProbe>;
  worker(): Promise<WorkerProbe>;
  script: string;
  call(
    url: string,
    init?: RequestInit & { json?: unknown },
  ): Promise<{ status: number; headers: Headers; body: Json; text: string }>;
  sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const API_KEY = 'test-api-key-0123456789';
export const JWT_SECRET = 'a-test-shared-secret-that-is-long-enough-for-hs256';

let bundled: Promise<string> | undefined;

export function bundleWorker(): Promise<string> {
  bundled ??= build({
    entryPoints: [fileURLToPath(new URL('./service-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}

export async function startHarness(models: readonly Model[]): Promise<Harness> {
  const script = await bundleWorker();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script,
      compatibilityDate: '2026-11-01',
      d1Databases: ['DB'],
      kvNamespaces: ['KV'],
      r2Buckets: ['FILES'],
      queueProducers: { DLQ: 'dead-letter', WORK: 'work' },
      queueConsumers: { 'dead-letter': { maxBatchTimeout: 1 } },
      bindings: { API_KEYS: `${API_KEY},second-key-abcdef`, JWT_SECRET },
    } as never),
  );
  await mf.ready;
  const db = await mf.getD1Database('DB');
  for (const statement of schemaSql(models)) await db.prepare(statement).run();
  return {
    mf,
    script,
    kv: async () => (await mf.getKVNamespace('KV')) as unknown as KvProbe,
    worker: async () => (await mf.getWorker()) as unknown as WorkerProbe,
    async call(url, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      const response = await mf.dispatchFetch(url, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: typeof json === 'string' ? json : JSON.stringify(json) } : {}),
      } as never);
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: response.headers as unknown as Headers, body, text };
    },
    async sql<T>(query: string, ...params: unknown[]) {
      const statement = db.prepare(query);
      const result = await (params.length > 0 ? statement.bind(...params) : statement).all();
      return result.results as T[];
    },
    close: () => mf.dispose(),
  };
}

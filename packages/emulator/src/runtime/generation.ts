import { convertV4MiniflareOptions, Miniflare, type V4MiniflareOptions } from 'miniflare';
import type { D1Database } from '../d1/d1-executor.js';
import type { WorkerOptions } from './worker-options.js';

/** Name of the internal worker that holds every D1 and KV binding for the API to use. */
export const ADMIN_WORKER = '__clodo_admin';

export interface Route {
  workerdName: string;
  versionId: string;
  percentage: number;
}

export interface GenerationSpec {
  workers: WorkerOptions[];
  /** script name → the versions serving it with their traffic share. */
  routes: Map<string, Route[]>;
  d1Bindings: Map<string, string>;
  kvBindings: Map<string, string>;
  /** Where workerd keeps D1, KV and R2 data (shared by every generation). */
  persistDir: string;
  /** Receives workerd's log lines (worker console output, uncaught errors). */
  onLog: (level: string, message: string) => void;
}

/**
 * One workerd process running a fixed set of deployed versions. A deployment change starts a new
 * generation and retires the old one once its in-flight requests finish.
 */
export class Generation {
  readonly routes: Map<string, Route[]>;
  readonly d1Bindings: Map<string, string>;
  readonly kvBindings: Map<string, string>;
  readonly #mf: Miniflare;
  readonly #urls = new Map<string, URL>();
  #inflight = 0;
  #idle: (() => void) | undefined;

  private constructor(mf: Miniflare, spec: GenerationSpec) {
    this.#mf = mf;
    this.routes = spec.routes;
    this.d1Bindings = spec.d1Bindings;
    this.kvBindings = spec.kvBindings;
  }

  static async start(spec: GenerationSpec): Promise<Generation> {
    const admin: WorkerOptions = {
      name: ADMIN_WORKER,
      modules: true,
      script: 'export default { fetch() { return new Response("clodo emulator admin", { status: 404 }); } };',
      compatibilityDate: '2024-09-23',
      d1Databases: Object.fromEntries([...spec.d1Bindings].map(([id, binding]) => [binding, id])),
      kvNamespaces: Object.fromEntries([...spec.kvBindings].map(([id, binding]) => [binding, id])),
    };
    const errors: string[] = [];
    const options: V4MiniflareOptions = {
      host: '127.0.0.1',
      port: 0,
      resourcePersistencePath: spec.persistDir,
      handleStructuredLogs: ({ level, message }) => {
        if (level === 'error' && errors.length < 20) errors.push(message);
        spec.onLog(level, message);
      },
      workers: [admin, ...spec.workers],
    };
    const mf = new Miniflare(convertV4MiniflareOptions(options));
    try {
      await mf.ready;
      const generation = new Generation(mf, spec);
      for (const worker of spec.workers) {
        const name = worker.name as string;
        generation.#urls.set(name, await mf.unsafeGetDirectURL(name));
      }
      return generation;
    } catch (error) {
      await mf.dispose().catch(() => {});
      const detail = errors.length > 0 ? `: ${errors.join('; ')}` : '';
      throw new Error(`${(error as Error).message}${detail}`, { cause: error });
    }
  }

  directUrl(workerdName: string): URL | undefined {
    return this.#urls.get(workerdName);
  }

  /** Count a request in flight until `done` is called. */
  enter(): () => void {
    this.#inflight++;
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.#inflight--;
      if (this.#inflight === 0) this.#idle?.();
    };
  }

  d1(databaseId: string): Promise<D1Database> | undefined {
    const binding = this.d1Bindings.get(databaseId);
    if (binding === undefined) return undefined;
    return this.#mf.getD1Database(binding, ADMIN_WORKER) as unknown as Promise<D1Database>;
  }

  /** Wait for in-flight requests (bounded), then stop workerd. */
  async retire(drainTimeoutMs = 30_000): Promise<void> {
    if (this.#inflight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, drainTimeoutMs);
        this.#idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await this.#mf.dispose();
  }
}

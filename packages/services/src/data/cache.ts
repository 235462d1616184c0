import type { KVNamespaceLike } from '../bindings/types.js';

/** Where the data service keeps read results. Values are JSON-serializable. */
export interface DataCache {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown, ttlSec: number): Promise<void>;
}

/** Per-isolate cache: exact (a write is seen by the next read in the same isolate), lost on eviction. */
export class MemoryCache implements DataCache {
  readonly #entries = new Map<string, { value: unknown; expires: number }>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<unknown | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return structuredClone(entry.value);
  }

  async set(key: string, value: unknown, ttlSec: number): Promise<void> {
    if (this.#entries.size >= this.#maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { value: structuredClone(value), expires: this.#now() + ttlSec * 1000 });
  }
}

/**
 * KV-backed cache shared by isolates. KV is eventually consistent between locations (up to about 60 s), so
 * another location may briefly serve an older version; within one location a write is seen at once.
 */
export class KvCache implements DataCache {
  readonly #kv: KVNamespaceLike;
  readonly #prefix: string;

  constructor(kv: KVNamespaceLike, options: { prefix?: string } = {}) {
    this.#kv = kv;
    this.#prefix = options.prefix ?? 'clodo:data:';
  }

  async get(key: string): Promise<unknown | undefined> {
    const text = await this.#kv.get(this.#prefix + key, 'text');
    if (text === null) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown, ttlSec: number): Promise<void> {
    // KV refuses expirations under 60 seconds.
    await this.#kv.put(this.#prefix + key, JSON.stringify(value), {
      expirationTtl: Math.max(60, Math.ceil(ttlSec)),
    });
  }
}

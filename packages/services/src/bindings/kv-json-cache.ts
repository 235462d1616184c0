import { definitionError } from '../errors.js';
import type { KVNamespaceLike } from './types.js';

export interface KvJsonCacheOptions {
  /** Prepended to every key (default none). */
  prefix?: string;
  /** Default lifetime in seconds; KV needs at least 60 (default 300). */
  ttlSec?: number;
}

/** JSON values in a KV namespace, with `getOrSet` for read-through caching. */
export class KvJsonCache {
  readonly #kv: KVNamespaceLike;
  readonly #prefix: string;
  readonly #ttl: number;
  readonly #pending = new Map<string, Promise<unknown>>();

  constructor(kv: KVNamespaceLike, options: KvJsonCacheOptions = {}) {
    if (!kv || typeof kv.get !== 'function')
      throw definitionError('KvJsonCache: kv must be a KV namespace binding');
    const ttl = options.ttlSec ?? 300;
    if (!Number.isFinite(ttl) || ttl < 60)
      throw definitionError('KvJsonCache: ttlSec must be at least 60 (a KV limit)');
    this.#kv = kv;
    this.#prefix = options.prefix ?? '';
    this.#ttl = ttl;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.#kv.get(this.#prefix + key, 'text');
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown, ttlSec: number = this.#ttl): Promise<void> {
    if (value === undefined) throw definitionError(`KvJsonCache.set(${key}): undefined cannot be cached`);
    await this.#kv.put(this.#prefix + key, JSON.stringify(value), {
      expirationTtl: Math.max(60, Math.ceil(ttlSec)),
    });
  }

  async delete(key: string): Promise<void> {
    await this.#kv.delete(this.#prefix + key);
  }

  /**
   * The cached value, or `load()`'s result stored for `ttlSec`. Concurrent misses for the same key in this
   * isolate share one `load()`.
   */
  async getOrSet<T>(key: string, load: () => Promise<T> | T, ttlSec: number = this.#ttl): Promise<T> {
    const hit = await this.get<T>(key);
    if (hit !== undefined) return hit;
    const inflight = this.#pending.get(key);
    if (inflight) return inflight as Promise<T>;
    const work = (async () => {
      const value = await load();
      if (value !== undefined) await this.set(key, value, ttlSec);
      return value;
    })();
    this.#pending.set(key, work);
    try {
      return await work;
    } finally {
      this.#pending.delete(key);
    }
  }
}

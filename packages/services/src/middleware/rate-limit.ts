import type { Context, MiddlewareHandler } from 'hono';
import type { KVNamespaceLike } from '../bindings/types.js';
import { definitionError, ServiceErrorCode } from '../errors.js';
import { setResponseHeader } from '../http/context.js';
import { errorJson } from '../http/envelope.js';

/** Counts hits per key and window. */
export interface RateLimitStore {
  /** Adds one hit to `key` in the window starting at `windowStart` (epoch ms); returns the count including it. */
  hit(key: string, windowStart: number, windowSec: number): Promise<number>;
}

/** Counts in this isolate only: exact, but each isolate (and each location) has its own budget. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #counts = new Map<string, { windowStart: number; count: number }>();
  readonly #maxKeys: number;

  constructor(options: { maxKeys?: number } = {}) {
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  async hit(key: string, windowStart: number): Promise<number> {
    const entry = this.#counts.get(key);
    if (entry && entry.windowStart === windowStart) return ++entry.count;
    if (!entry && this.#counts.size >= this.#maxKeys)
      this.#counts.delete(this.#counts.keys().next().value as string);
    this.#counts.set(key, { windowStart, count: 1 });
    return 1;
  }
}

/**
 * Counts in KV so isolates share a budget. KV has no atomic increment and is eventually consistent, so
 * concurrent hits may be undercounted: a soft limit, good against sustained abuse rather than bursts.
 */
export class KvRateLimitStore implements RateLimitStore {
  readonly #kv: KVNamespaceLike;
  readonly #prefix: string;

  constructor(kv: KVNamespaceLike, options: { prefix?: string } = {}) {
    this.#kv = kv;
    this.#prefix = options.prefix ?? 'clodo:rl:';
  }

  async hit(key: string, windowStart: number, windowSec: number): Promise<number> {
    const name = `${this.#prefix}${key}:${windowStart}`;
    const count = Number((await this.#kv.get(name, 'text')) ?? '0') + 1;
    await this.#kv.put(name, String(count), { expirationTtl: Math.max(60, windowSec * 2) });
    return count;
  }
}

export interface RateLimitOptions {
  /** Requests allowed per window and client key. */
  limit: number;
  windowSec: number;
  /** Client key (default: `CF-Connecting-IP`, else the first `X-Forwarded-For` address). */
  key?: (c: Context) => string;
  /** Counter store, or a function picking it from the request (e.g. a KV binding); default in-isolate. */
  store?: RateLimitStore | ((c: Context) => RateLimitStore);
  now?: () => number;
}

export function clientAddress(c: Context): string {
  return (
    c.req.header('CF-Connecting-IP') ?? c.req.header('X-Forwarded-For')?.split(',')[0]?.trim() ?? 'unknown'
  );
}

/**
 * Fixed-window rate limit. Every response carries `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds
 * until the window resets); past the limit the answer is 429 `RATE_LIMITED` with `Retry-After`.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  if (!options || !Number.isInteger(options.limit) || options.limit < 1)
    throw definitionError('rateLimit: limit must be an integer >= 1');
  if (!Number.isInteger(options.windowSec) || options.windowSec < 1)
    throw definitionError('rateLimit: windowSec must be an integer >= 1');
  const now = options.now ?? Date.now;
  const fallback = new MemoryRateLimitStore();
  const windowMs = options.windowSec * 1000;
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const store = typeof options.store === 'function' ? options.store(c) : (options.store ?? fallback);
    const time = now();
    const windowStart = Math.floor(time / windowMs) * windowMs;
    const count = await store.hit((options.key ?? clientAddress)(c), windowStart, options.windowSec);
    const reset = String(Math.max(1, Math.ceil((windowStart + windowMs - time) / 1000)));
    const headers = {
      'X-RateLimit-Limit': String(options.limit),
      'X-RateLimit-Remaining': String(Math.max(0, options.limit - count)),
      'X-RateLimit-Reset': reset,
    };
    if (count > options.limit) {
      return errorJson(
        c,
        429,
        ServiceErrorCode.RATE_LIMITED,
        `rate limit of ${options.limit} requests per ${options.windowSec} s exceeded`,
        undefined,
        {
          ...headers,
          'Retry-After': reset,
        },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) setResponseHeader(c, name, value);
  };
}

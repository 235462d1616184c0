import { invalidArgument } from '../errors.js';
import type { Credentials } from '../http/credentials.js';
import type { ProgressListener } from '../progress/events.js';

export type LoadModel = 'closed' | 'open';

export interface LoadRequest {
  method?: string;
  /** Path under the base URL, query string allowed (default `/`). */
  path?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export interface LoadOptions {
  baseUrl: string;
  credentials?: Credentials;
  request?: LoadRequest;
  /** `closed`: a fixed number of requests in flight. `open`: a constant arrival rate. Default closed. */
  model?: LoadModel;
  /** Keep-alive connections (default 10 closed, 64 open). */
  connections?: number;
  /** Requests in flight per connection (default 1). Closed-model concurrency is connections × pipelining. */
  pipelining?: number;
  /** Open model: requests per second, required for it. */
  ratePerSec?: number;
  /** Stop issuing after this long. At least one of durationMs and maxRequests is required. */
  durationMs?: number;
  /** Stop issuing after this many requests. */
  maxRequests?: number;
  /** Per-request timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** How long in-flight requests may finish after the run ends before they are aborted (default timeoutMs). */
  drainMs?: number;
  /** Open model: cap on requests in flight; arrivals beyond it are counted as `OVERLOAD` failures (default 10 000). */
  maxInFlight?: number;
  /** Statuses that count as success (default 200–399). */
  okStatus?: { min: number; max: number };
  /** Timeline slice width (default 100 ms). */
  timelineIntervalMs?: number;
  /** Progress event period (default 250 ms). */
  progressIntervalMs?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Names the run in progress events and reports (default `METHOD path`). */
  label?: string;
}

export interface ResolvedLoadOptions {
  model: LoadModel;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  connections: number;
  pipelining: number;
  ratePerSec: number | undefined;
  durationMs: number | undefined;
  maxRequests: number | undefined;
  timeoutMs: number;
  drainMs: number;
  maxInFlight: number;
  okStatus: { min: number; max: number };
  timelineIntervalMs: number;
  progressIntervalMs: number;
  label: string;
}

const MAX_DURATION_MS = 24 * 3_600_000;
const MAX_REQUESTS = 1_000_000_000;

export function resolveLoadOptions(options: LoadOptions): ResolvedLoadOptions {
  if (options === null || typeof options !== 'object') throw invalidArgument('options', 'must be an object');
  const model = options.model ?? 'closed';
  if (model !== 'closed' && model !== 'open') throw invalidArgument('model', 'must be "closed" or "open"');
  const method = (options.request?.method ?? 'GET').toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw invalidArgument('request.method', `"${method}" is not an HTTP method`);
  const path = options.request?.path ?? '/';
  if (typeof path !== 'string') throw invalidArgument('request.path', 'must be a string');
  const durationMs = optionalInt(options.durationMs, 'durationMs', 1, MAX_DURATION_MS);
  const maxRequests = optionalInt(options.maxRequests, 'maxRequests', 1, MAX_REQUESTS);
  if (durationMs === undefined && maxRequests === undefined) {
    throw invalidArgument('durationMs', 'set durationMs or maxRequests so the run is bounded');
  }
  let ratePerSec: number | undefined;
  if (model === 'open') {
    const rate = options.ratePerSec;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > 10_000_000) {
      throw invalidArgument('ratePerSec', 'the open model needs a rate between 0 and 10 000 000 per second');
    }
    ratePerSec = rate;
  }
  const timeoutMs = optionalInt(options.timeoutMs, 'timeoutMs', 1, 600_000) ?? 10_000;
  const body =
    options.request?.body === undefined
      ? undefined
      : typeof options.request.body === 'string'
        ? options.request.body
        : JSON.stringify(options.request.body);
  const okStatus = options.okStatus ?? { min: 200, max: 399 };
  if (!Number.isInteger(okStatus.min) || !Number.isInteger(okStatus.max) || okStatus.min > okStatus.max) {
    throw invalidArgument('okStatus', 'must be { min, max } integers with min <= max');
  }
  return {
    model,
    method,
    path,
    headers: { ...options.request?.headers },
    body,
    connections: optionalInt(options.connections, 'connections', 1, 10_000) ?? (model === 'open' ? 64 : 10),
    pipelining: optionalInt(options.pipelining, 'pipelining', 1, 1_000) ?? 1,
    ratePerSec,
    durationMs,
    maxRequests,
    timeoutMs,
    drainMs: optionalInt(options.drainMs, 'drainMs', 0, 600_000) ?? timeoutMs,
    maxInFlight: optionalInt(options.maxInFlight, 'maxInFlight', 1, 1_000_000) ?? 10_000,
    okStatus,
    timelineIntervalMs: optionalInt(options.timelineIntervalMs, 'timelineIntervalMs', 1, 3_600_000) ?? 100,
    progressIntervalMs: optionalInt(options.progressIntervalMs, 'progressIntervalMs', 10, 3_600_000) ?? 250,
    label: options.label ?? `${method} ${path}`,
  };
}

function optionalInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(field, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

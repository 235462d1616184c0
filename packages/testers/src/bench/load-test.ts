import { invalidArgument } from '../errors.js';
import { LoadTester } from '../load/load-tester.js';

export interface LoadTestOptions {
  /** Full URL to hit, e.g. `http://127.0.0.1:3000/`. */
  url: string;
  /** Keep-alive connections (default 10). */
  connections?: number;
  /** Requests in flight per connection (default 1); raise it for maximum rate. */
  pipelining?: number;
  /** Run length (default 3000 ms). */
  durationMs?: number;
  maxRequests?: number;
  method?: string;
  signal?: AbortSignal;
}

export interface LoadTestSummary {
  requests: number;
  errors: number;
  elapsedMs: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
}

/**
 * A closed-model run reduced to the figures a benchmark compares (e.g. against autocannon on the
 * same server): the same engine as LoadTester, no reports, no progress.
 */
export async function loadTest(options: LoadTestOptions): Promise<LoadTestSummary> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw invalidArgument('url', 'must be a full http(s) URL');
  }
  const result = await new LoadTester({
    baseUrl: url.origin,
    request: { method: options.method ?? 'GET', path: `${url.pathname}${url.search}` },
    connections: options.connections ?? 10,
    pipelining: options.pipelining ?? 1,
    durationMs: options.maxRequests === undefined ? (options.durationMs ?? 3000) : options.durationMs,
    maxRequests: options.maxRequests,
    timelineIntervalMs: 1000,
    signal: options.signal,
  }).run();
  const { p50, p90, p99, max, mean } = result.latency;
  return {
    requests: result.requests.completed,
    errors: result.requests.errors,
    elapsedMs: result.elapsedMs,
    requestsPerSec: result.throughputPerSec,
    latencyMs: { p50, p90, p99, max, mean },
    statusCodes: result.statusCodes,
  };
}

import { invalidArgument } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { type Credentials, credentialHeaders, secretValues } from '../http/credentials.js';
import { emitProgress, type ProgressListener } from '../progress/events.js';
import {
  type HistogramBucket,
  LatencyRecorder,
  type LatencySummary,
  type PercentilePoint,
} from '../stats/latency.js';

export interface LatencyLimits {
  p50Ms?: number;
  p90Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
}

export interface PerformanceEndpoint {
  name?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Per-endpoint limits; override the tester's `thresholds`. */
  thresholds?: LatencyLimits;
}

export interface PerformanceTesterOptions {
  baseUrl: string;
  credentials?: Credentials;
  endpoints: PerformanceEndpoint[];
  /** Measured requests per endpoint, one after another (default 50). */
  samples?: number;
  /** Unmeasured requests first, to open connections and warm caches (default 3). */
  warmup?: number;
  thresholds?: LatencyLimits;
  timeoutMs?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface ThresholdCheck {
  name: string;
  limit: number;
  actual: number;
  passed: boolean;
}

export interface PerformanceEndpointResult {
  name: string;
  method: string;
  path: string;
  samples: number;
  errors: number;
  statusCodes: Record<string, number>;
  latency: LatencySummary;
  percentileCurve: PercentilePoint[];
  histogram: HistogramBucket[];
  thresholds: ThresholdCheck[];
  passed: boolean;
}

export interface PerformanceResult {
  kind: 'performance';
  target: string;
  passed: boolean;
  endpoints: PerformanceEndpointResult[];
}

const LIMIT_KEYS: Array<[keyof LatencyLimits, keyof LatencySummary]> = [
  ['p50Ms', 'p50'],
  ['p90Ms', 'p90'],
  ['p95Ms', 'p95'],
  ['p99Ms', 'p99'],
  ['maxMs', 'max'],
];

/** Sequential sampled requests per endpoint: latency percentiles with no queueing of our own. */
export class PerformanceTester {
  readonly #options: PerformanceTesterOptions;

  constructor(options: PerformanceTesterOptions) {
    if (options === null || typeof options !== 'object')
      throw invalidArgument('options', 'must be an object');
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) {
      throw invalidArgument('endpoints', 'list at least one endpoint');
    }
    options.endpoints.forEach((e, i) => {
      if (typeof e?.path !== 'string') throw invalidArgument(`endpoints[${i}].path`, 'must be a string');
    });
    for (const [field, value] of [
      ['samples', options.samples],
      ['warmup', options.warmup],
    ] as const) {
      if (
        value !== undefined &&
        (!Number.isInteger(value) || value < (field === 'samples' ? 1 : 0) || value > 100_000)
      ) {
        throw invalidArgument(field, 'must be an integer between 0 and 100000 (samples at least 1)');
      }
    }
    this.#options = options;
  }

  async run(): Promise<PerformanceResult> {
    const o = this.#options;
    const client = new HttpClient({
      baseUrl: o.baseUrl,
      connections: 1,
      timeoutMs: o.timeoutMs,
      secrets: secretValues(o.credentials),
    });
    const auth = credentialHeaders(o.credentials);
    const results: PerformanceEndpointResult[] = [];
    try {
      for (const endpoint of o.endpoints) {
        const method = (endpoint.method ?? 'GET').toUpperCase();
        const name = endpoint.name ?? `${method} ${endpoint.path}`;
        const request = {
          method,
          path: endpoint.path,
          headers: { ...endpoint.headers, ...auth },
          body: endpoint.body,
          signal: o.signal,
        };
        for (let i = 0; i < (o.warmup ?? 3) && !o.signal?.aborted; i++) await client.request(request);
        const recorder = new LatencyRecorder();
        const statusCodes: Record<string, number> = {};
        let errors = 0;
        let samples = 0;
        for (let i = 0; i < (o.samples ?? 50) && !o.signal?.aborted; i++) {
          const outcome = await client.request(request);
          samples++;
          if (!outcome.ok) {
            errors++;
            statusCodes[outcome.failure.kind] = (statusCodes[outcome.failure.kind] ?? 0) + 1;
            continue;
          }
          const key = String(outcome.response.status);
          statusCodes[key] = (statusCodes[key] ?? 0) + 1;
          if (outcome.response.status >= 400) errors++;
          recorder.recordMicros(outcome.response.latencyUs);
        }
        const latency = recorder.summary();
        const limits = { ...o.thresholds, ...endpoint.thresholds };
        const thresholds = applyLatencyLimits(latency, limits);
        if (errors > 0) thresholds.push({ name: 'errors', limit: 0, actual: errors, passed: false });
        const passed = thresholds.every((t) => t.passed);
        results.push({
          name,
          method,
          path: endpoint.path,
          samples,
          errors,
          statusCodes,
          latency,
          percentileCurve: recorder.percentileCurve(),
          histogram: recorder.buckets(),
          thresholds,
          passed,
        });
        emitProgress(o.onProgress, { type: 'check', tester: 'performance', name, passed });
      }
    } finally {
      await client.close();
    }
    return {
      kind: 'performance',
      target: client.target.display,
      passed: results.every((r) => r.passed),
      endpoints: results,
    };
  }
}

export function applyLatencyLimits(latency: LatencySummary, limits: LatencyLimits): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  for (const [limitKey, summaryKey] of LIMIT_KEYS) {
    const limit = limits[limitKey];
    if (limit === undefined) continue;
    const actual = latency[summaryKey];
    checks.push({ name: limitKey, limit, actual, passed: actual <= limit });
  }
  return checks;
}

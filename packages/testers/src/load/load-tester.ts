import { credentialHeaders } from '../http/credentials.js';
import { parseTarget, requestPath, type Target } from '../http/target.js';
import { emitProgress } from '../progress/events.js';
import type { HistogramBucket, LatencySummary, PercentilePoint } from '../stats/latency.js';
import type { TimelinePoint } from '../stats/timeline.js';
import { runClosedModel, runOpenModel } from './models.js';
import { type LoadModel, type LoadOptions, type ResolvedLoadOptions, resolveLoadOptions } from './options.js';
import { LoadRunState } from './run-state.js';

export interface LoadResult {
  kind: 'load';
  label: string;
  model: LoadModel;
  target: string;
  method: string;
  path: string;
  startedAt: string;
  /** From the first send until the last response (or abort), in milliseconds. */
  elapsedMs: number;
  settings: {
    connections: number;
    pipelining: number;
    ratePerSec: number | null;
    durationMs: number | null;
    maxRequests: number | null;
    timeoutMs: number;
  };
  requests: {
    /** Requests the model attempted (sent, or refused as OVERLOAD). */
    issued: number;
    /** Responses received, whatever the status. */
    completed: number;
    /** Requests with no response: timeout, network error, abort, overload. */
    failed: number;
    /** Failed requests plus responses outside the accepted statuses. */
    errors: number;
  };
  /** Completed responses per second over `elapsedMs`. */
  throughputPerSec: number;
  /** errors ÷ (completed + failed). */
  errorRate: number;
  /** Requests issued per second while the model was issuing (the open model should match its rate). */
  achievedRatePerSec: number;
  statusCodes: Record<string, number>;
  failures: Record<string, number>;
  /** Latency in ms; in the open model measured from each request's intended send time. */
  latency: LatencySummary;
  /** Time from the actual send to the response, in ms (equals `latency` in the closed model). */
  serviceTime: LatencySummary;
  percentileCurve: PercentilePoint[];
  histogram: HistogramBucket[];
  timeline: TimelinePoint[];
  aborted: boolean;
}

/** Generates load against one endpoint and measures it. Runs are bounded by duration and/or count. */
export class LoadTester {
  readonly #options: LoadOptions;
  readonly #resolved: ResolvedLoadOptions;
  readonly #target: Target;

  constructor(options: LoadOptions) {
    this.#resolved = resolveLoadOptions(options);
    this.#target = parseTarget(options.baseUrl);
    this.#options = options;
  }

  async run(): Promise<LoadResult> {
    const o = this.#resolved;
    const target = this.#target;
    const headers: Record<string, string> = {
      ...lowerKeys(o.headers),
      ...credentialHeaders(this.#options.credentials),
    };
    if (o.body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const startedAt = new Date().toISOString();
    const state = new LoadRunState(o, requestPath(target, o.path), headers);
    const external = this.#options.signal;
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      state.stop('ABORTED');
    };
    if (external?.aborted) onAbort();
    external?.addEventListener('abort', onAbort);

    let lastCompleted = 0;
    let lastAt = state.startMs;
    const progress = setInterval(() => {
      const now = performance.now();
      const done = state.completed + state.failed;
      const rate = ((done - lastCompleted) * 1000) / Math.max(1, now - lastAt);
      lastCompleted = done;
      lastAt = now;
      emitProgress(this.#options.onProgress, {
        type: 'load',
        label: o.label,
        model: o.model,
        elapsedMs: Math.round(now - state.startMs),
        completed: state.completed,
        errors: state.errors,
        inFlight: state.inFlight,
        ratePerSec: Math.round(rate),
      });
    }, o.progressIntervalMs);

    let issuingMs = 0;
    let elapsedMs = 0;
    try {
      if (o.model === 'open') await runOpenModel(state, o, target.origin);
      else await runClosedModel(state, o, target.origin);
      issuingMs = performance.now() - state.startMs;
      // Bounded: whatever is still in flight gets drainMs, then is aborted and counted as failed.
      const drain = setTimeout(() => state.stop('DRAIN_TIMEOUT'), o.drainMs);
      await state.whenIdle();
      clearTimeout(drain);
      // The run ends with its last response: closing the connections afterwards is not part of it.
      elapsedMs = performance.now() - state.startMs;
    } finally {
      clearInterval(progress);
      external?.removeEventListener('abort', onAbort);
      await Promise.all(state.dispatchers.map((d) => d.close().catch(() => undefined)));
    }
    emitProgress(this.#options.onProgress, {
      type: 'load',
      label: o.label,
      model: o.model,
      elapsedMs: Math.round(elapsedMs),
      completed: state.completed,
      errors: state.errors,
      inFlight: 0,
      ratePerSec: Math.round((state.completed * 1000) / Math.max(1, elapsedMs)),
    });
    const attempts = state.completed + state.failed;
    return {
      kind: 'load',
      label: o.label,
      model: o.model,
      target: target.display,
      method: o.method,
      path: o.path,
      startedAt,
      elapsedMs: round(elapsedMs, 3),
      settings: {
        connections: o.connections,
        pipelining: o.pipelining,
        ratePerSec: o.ratePerSec ?? null,
        durationMs: o.durationMs ?? null,
        maxRequests: o.maxRequests ?? null,
        timeoutMs: o.timeoutMs,
      },
      requests: {
        issued: state.issued,
        completed: state.completed,
        failed: state.failed,
        errors: state.errors,
      },
      throughputPerSec: round((state.completed * 1000) / Math.max(0.001, elapsedMs), 2),
      errorRate: attempts === 0 ? 0 : round(state.errors / attempts, 6),
      achievedRatePerSec: round((state.issued * 1000) / Math.max(0.001, issuingMs), 2),
      statusCodes: state.statusCodes,
      failures: { ...state.failures },
      latency: state.latency.summary(),
      serviceTime: state.serviceTime.summary(),
      percentileCurve: state.latency.percentileCurve(),
      histogram: state.latency.buckets(),
      timeline: state.timeline.points(),
      aborted,
    };
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

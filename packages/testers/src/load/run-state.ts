import type { Dispatcher, Pool } from 'undici';
import { classifyFailure } from '../http/client.js';
import { LatencyRecorder } from '../stats/latency.js';
import { Timeline } from '../stats/timeline.js';
import type { ResolvedLoadOptions } from './options.js';

/** Counters and histograms of one load run, shared by both arrival models. */
export class LoadRunState {
  readonly latency = new LatencyRecorder();
  /** Time from actually sending to the response; differs from `latency` only in the open model. */
  readonly serviceTime = new LatencyRecorder();
  readonly timeline: Timeline;
  readonly statusCodes: Record<string, number> = {};
  readonly failures: Record<string, number> = {};
  readonly controller = new AbortController();
  readonly #live = new Set<Dispatcher.DispatchController>();
  issued = 0;
  completed = 0;
  failed = 0;
  errors = 0;
  inFlight = 0;
  readonly startMs = performance.now();
  readonly #options: ResolvedLoadOptions;
  readonly #pool: Pool;
  readonly #headers: Record<string, string>;
  readonly #path: string;
  #idle: (() => void) | undefined;

  constructor(options: ResolvedLoadOptions, pool: Pool, path: string, headers: Record<string, string>) {
    this.#options = options;
    this.#pool = pool;
    this.#path = path;
    this.#headers = headers;
    this.timeline = new Timeline(options.timelineIntervalMs);
  }

  #stopKind = 'ABORTED';

  /** Stops issuing and aborts what is in flight; those requests are counted under `kind`. */
  stop(kind: 'ABORTED' | 'DRAIN_TIMEOUT'): void {
    if (this.stopped) return;
    this.#stopKind = kind;
    this.controller.abort();
    for (const live of this.#live) live.abort(new Error(kind));
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Sends one request and records it. `intendedMs` is when the arrival model meant to send it;
   * latency counts from then, so a stalled server cannot hide the wait behind a late send.
   * Uses undici's dispatch directly: no response stream per request, so the generator stays cheap.
   */
  send(intendedMs?: number): Promise<void> {
    const sentAt = performance.now();
    const from = intendedMs ?? sentAt;
    this.issued++;
    this.inFlight++;
    const o = this.#options;
    return new Promise<void>((resolve) => {
      let status = 0;
      let live: Dispatcher.DispatchController | undefined;
      const settle = () => {
        if (live) this.#live.delete(live);
        this.inFlight--;
        if (this.inFlight === 0 && this.#idle) this.#idle();
        resolve();
      };
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (controller) => {
          if (this.stopped) {
            controller.abort(new Error('aborted'));
            return;
          }
          live = controller;
          this.#live.add(controller);
        },
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: () => undefined,
        onResponseEnd: () => {
          const done = performance.now();
          this.completed++;
          const key = String(status);
          this.statusCodes[key] = (this.statusCodes[key] ?? 0) + 1;
          const isError = status < o.okStatus.min || status > o.okStatus.max;
          if (isError) this.errors++;
          this.latency.recordMicros((done - from) * 1000);
          this.serviceTime.recordMicros((done - sentAt) * 1000);
          this.timeline.record(done - this.startMs, isError);
          settle();
        },
        onResponseError: (_controller, error) => {
          this.recordFailure(this.stopped ? this.#stopKind : classifyFailure(error));
          settle();
        },
      };
      try {
        this.#pool.dispatch(
          {
            method: o.method as 'GET',
            path: this.#path,
            headers: this.#headers,
            body: o.body ?? null,
            headersTimeout: o.timeoutMs,
            bodyTimeout: o.timeoutMs,
          },
          handler,
        );
      } catch (error) {
        this.recordFailure(classifyFailure(error));
        settle();
      }
    });
  }

  recordFailure(kind: string): void {
    this.failed++;
    this.errors++;
    this.failures[kind] = (this.failures[kind] ?? 0) + 1;
    this.timeline.record(performance.now() - this.startMs, true);
  }

  /** Resolves once nothing is in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = () => {
        this.#idle = undefined;
        resolve();
      };
    });
  }
}

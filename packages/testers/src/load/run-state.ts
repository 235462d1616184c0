import type { Dispatcher } from 'undici';
import { LatencyRecorder } from '../stats/latency.js';
import { Timeline } from '../stats/timeline.js';
import type { Exchange, ExchangeSink } from './exchange.js';
import type { ResolvedLoadOptions } from './options.js';

export type StopKind = 'ABORTED' | 'DRAIN_TIMEOUT';

/** Counters and histograms of one load run, shared by both arrival models. */
export class LoadRunState implements ExchangeSink {
  readonly latency: LatencyRecorder = new LatencyRecorder();
  /** Time from actually sending to the response; differs from `latency` only in the open model. */
  readonly serviceTime: LatencyRecorder;
  readonly timeline: Timeline;
  readonly failures: Record<string, number> = {};
  readonly controller: AbortController = new AbortController();
  /** Built once and reused by every request: undici reads it, never changes it. */
  readonly request: Dispatcher.DispatchOptions;
  issued = 0;
  completed = 0;
  failed = 0;
  errors = 0;
  inFlight = 0;
  readonly startMs: number = performance.now();
  /** Responses by status code, indexed by the code (cheaper than a keyed object per response). */
  readonly #statusCounts = new Float64Array(1000);
  readonly #okMin: number;
  readonly #okMax: number;
  readonly #dispatchers: Dispatcher[] = [];
  #stopKind: StopKind = 'ABORTED';
  #stopped = false;
  #idle: (() => void) | undefined;

  constructor(options: ResolvedLoadOptions, path: string, headers: Record<string, string>) {
    this.#okMin = options.okStatus.min;
    this.#okMax = options.okStatus.max;
    this.timeline = new Timeline(options.timelineIntervalMs);
    // In the closed model a request is sent the moment the model wants it: both figures are equal.
    this.serviceTime = options.model === 'open' ? new LatencyRecorder() : this.latency;
    this.request = {
      method: options.method as Dispatcher.HttpMethod,
      path,
      headers: Object.keys(headers).length > 0 ? headers : null,
      body: options.body ?? null,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // undici holds back the next pipelined request until this one's headers arrive unless told the
      // response will not block: without this, `pipelining` would send one request at a time. The
      // load models bound what is in flight themselves, so nothing needs undici to hold requests back
      // (and with one request per connection, blocking would only cost a resume per response).
      blocking: false,
    };
  }

  /** Dispatchers the run owns; `stop()` destroys them so requests still queued fail at once. */
  own<D extends Dispatcher>(dispatcher: D): D {
    this.#dispatchers.push(dispatcher);
    return dispatcher;
  }

  get dispatchers(): readonly Dispatcher[] {
    return this.#dispatchers;
  }

  /**
   * Stops issuing and aborts what is in flight; those requests are counted under `kind`. Every request
   * runs on a dispatcher the run owns, so destroying them fails queued and running requests alike.
   */
  stop(kind: StopKind): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopKind = kind;
    this.controller.abort();
    const reason = new Error(kind);
    for (const dispatcher of this.#dispatchers) dispatcher.destroy(reason).catch(() => undefined);
  }

  /** A plain field: read once per request, where an AbortSignal getter would validate its receiver. */
  get stopped(): boolean {
    return this.#stopped;
  }

  stopReason(): string {
    return this.#stopKind;
  }

  get statusCodes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let code = 0; code < this.#statusCounts.length; code++) {
      const n = this.#statusCounts[code]!;
      if (n > 0) out[String(code)] = n;
    }
    return out;
  }

  sent(_exchange: Exchange): void {
    this.issued++;
    this.inFlight++;
  }

  answered(exchange: Exchange, doneMs: number): void {
    const status = exchange.status;
    this.completed++;
    this.#statusCounts[status < 1000 ? status : 0]!++;
    const isError = status < this.#okMin || status > this.#okMax;
    if (isError) this.errors++;
    this.latency.recordMicros((doneMs - exchange.intendedMs) * 1000);
    if (this.serviceTime !== this.latency) this.serviceTime.recordMicros((doneMs - exchange.sentMs) * 1000);
    this.timeline.record(doneMs - this.startMs, isError);
    this.#settle();
  }

  refused(_exchange: Exchange, kind: string): void {
    this.recordFailure(kind);
    this.#settle();
  }

  /** Counts a request that got no response (also used for arrivals refused as OVERLOAD). */
  recordFailure(kind: string): void {
    this.failed++;
    this.errors++;
    this.failures[kind] = (this.failures[kind] ?? 0) + 1;
    this.timeline.record(performance.now() - this.startMs, true);
  }

  #settle(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.#idle) this.#idle();
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

import type { Dispatcher } from 'undici';
import { classifyFailure } from '../http/client.js';

/** What an exchange reports to, implemented by the run state. */
export interface ExchangeSink {
  readonly request: Dispatcher.DispatchOptions;
  readonly stopped: boolean;
  stopReason(): string;
  sent(exchange: Exchange): void;
  answered(exchange: Exchange, doneMs: number): void;
  refused(exchange: Exchange, kind: string): void;
}

/** Runs after each settled request with the time it settled: the closed model sends again from it. */
export type NextRequest = (exchange: Exchange, nowMs: number) => void;

/**
 * One request at a time on one dispatcher, as an undici dispatch handler. The closed model reuses an
 * exchange for every request of its slot, so sending costs no closures, promises or handler objects,
 * and the clock is read once per request: the time a response ends is when its slot sends again.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  /** When the arrival model meant to send (latency counts from here). */
  intendedMs = 0;
  sentMs = 0;
  status = 0;
  readonly #sink: ExchangeSink;
  readonly #dispatcher: Dispatcher;
  readonly #next: NextRequest | undefined;
  readonly #retry: (() => void) | undefined;

  constructor(sink: ExchangeSink, dispatcher: Dispatcher, next?: NextRequest) {
    this.#sink = sink;
    this.#dispatcher = dispatcher;
    this.#next = next;
    this.#retry = next === undefined ? undefined : () => next(this, performance.now());
  }

  /** Sends now (`nowMs`); latency counts from `intendedMs`, the due time in the open model. */
  send(nowMs: number, intendedMs: number = nowMs): void {
    this.sentMs = nowMs;
    this.intendedMs = intendedMs;
    this.status = 0;
    this.#sink.sent(this);
    try {
      this.#dispatcher.dispatch(this.#sink.request, this);
    } catch (error) {
      this.onResponseError(undefined, error as Error);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.#sink.stopped) controller.abort(new Error(this.#sink.stopReason()));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const now = performance.now();
    this.#sink.answered(this, now);
    // Sending the next request from inside undici's callback is safe: it queues behind this one.
    this.#next?.(this, now);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.#sink.refused(this, this.#sink.stopped ? this.#sink.stopReason() : classifyFailure(error));
    // A failure can arrive synchronously from dispatch(); continuing on a later turn keeps a dead
    // target from recursing and lets timers (deadline, abort) run between attempts.
    if (this.#retry !== undefined) setImmediate(this.#retry);
  }
}

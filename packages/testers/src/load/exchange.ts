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

/**
 * One request at a time on one dispatcher, as an undici dispatch handler. The closed model reuses an
 * exchange for every request of its slot, so sending costs no closures, promises or handler objects.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  /** When the arrival model meant to send (latency counts from here). */
  intendedMs = 0;
  sentMs = 0;
  status = 0;
  controller: Dispatcher.DispatchController | undefined;
  readonly #sink: ExchangeSink;
  readonly #dispatcher: Dispatcher;
  readonly #next: ((exchange: Exchange) => void) | undefined;

  /** `next` runs after each settled request: the closed model sends again from it. */
  constructor(sink: ExchangeSink, dispatcher: Dispatcher, next?: (exchange: Exchange) => void) {
    this.#sink = sink;
    this.#dispatcher = dispatcher;
    this.#next = next;
  }

  send(intendedMs?: number): void {
    const now = performance.now();
    this.sentMs = now;
    this.intendedMs = intendedMs ?? now;
    this.status = 0;
    this.controller = undefined;
    this.#sink.sent(this);
    try {
      this.#dispatcher.dispatch(this.#sink.request, this);
    } catch (error) {
      this.onResponseError(undefined, error as Error);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.#sink.stopped) {
      controller.abort(new Error(this.#sink.stopReason()));
      return;
    }
    this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    this.#sink.answered(this, performance.now());
    // Sending the next request from inside undici's callback is safe: it queues behind this one.
    this.#next?.(this);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.#sink.refused(this, this.#sink.stopped ? this.#sink.stopReason() : classifyFailure(error));
    const next = this.#next;
    if (next === undefined) return;
    // A failure can arrive synchronously from dispatch(); continuing on a later turn keeps a dead
    // target from recursing and lets timers (deadline, abort) run between attempts.
    setImmediate(next, this);
  }
}

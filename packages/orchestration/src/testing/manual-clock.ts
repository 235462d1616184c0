import type { Clock } from '../ports/clock.js';

/** A clock that moves only when told: `sleep` advances it at once, so pauses cost no real time. */
export class ManualClock implements Clock {
  #now: number;
  /** Every `sleep` requested, in order. */
  readonly sleeps: number[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = start instanceof Date ? start.getTime() : start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  set(time: number | Date): void {
    this.#now = time instanceof Date ? time.getTime() : time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.#now += ms;
    await Promise.resolve();
  }
}

import type { ResolvedLoadOptions } from './options.js';
import type { LoadRunState } from './run-state.js';

/** Closed model: `connections × pipelining` workers, each sending its next request when the last returns. */
export async function runClosedModel(state: LoadRunState, options: ResolvedLoadOptions): Promise<void> {
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : state.startMs + options.durationMs;
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const worker = async (): Promise<void> => {
    while (!state.stopped && state.issued < max && performance.now() < deadline) {
      await state.send();
    }
  };
  const workers = Math.max(1, Math.min(options.connections * options.pipelining, max));
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * Open model: request i is due at start + i / rate, whether or not earlier ones have returned.
 * Timers fire late under load, so every due request is sent on each wake-up and its latency is
 * measured from its due time.
 */
export async function runOpenModel(state: LoadRunState, options: ResolvedLoadOptions): Promise<void> {
  const intervalMs = 1000 / (options.ratePerSec ?? 1);
  const durationMs = options.durationMs ?? Number.POSITIVE_INFINITY;
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  let index = 0;
  await new Promise<void>((resolve) => {
    const finish = () => {
      state.controller.signal.removeEventListener('abort', finish);
      clearTimeout(timer);
      resolve();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const now = performance.now();
      for (;;) {
        if (state.stopped) return finish();
        const offset = index * intervalMs;
        if (index >= max || offset >= durationMs) return finish();
        const due = state.startMs + offset;
        if (due > now) {
          timer = setTimeout(tick, due - now);
          return;
        }
        index++;
        if (state.inFlight >= options.maxInFlight) {
          state.issued++;
          state.recordFailure('OVERLOAD');
        } else {
          void state.send(due);
        }
      }
    };
    state.controller.signal.addEventListener('abort', finish);
    tick();
  });
}

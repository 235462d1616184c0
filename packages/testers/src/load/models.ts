import { Client, Pool } from 'undici';
import { loadConnector } from './connector.js';
import { Exchange } from './exchange.js';
import type { ResolvedLoadOptions } from './options.js';
import type { LoadRunState } from './run-state.js';

const KEEP_ALIVE_MS = 10_000;

/**
 * Closed model: `connections × pipelining` slots, each sending its next request the moment the last
 * returns (the bytes leave with the rest of that event-loop turn's requests, see `loadConnector`).
 * Every connection is its own undici Client, so a slot's request goes straight to its socket without
 * a pool's scheduling in between.
 */
export function runClosedModel(
  state: LoadRunState,
  options: ResolvedLoadOptions,
  origin: string,
): Promise<void> {
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : state.startMs + options.durationMs;
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const slots = Math.max(1, Math.min(options.connections * options.pipelining, max));
  const clients = Array.from({ length: Math.min(options.connections, slots) }, () =>
    state.own(
      // The slots bound what is in flight per connection. A client allowed one request at a time waits
      // a full event-loop turn before reusing its socket. A slot sends its next request from inside
      // the previous response's end, while undici still counts that response as running: room for
      // one more lets the request go out at once, and one more again keeps undici from counting itself
      // busy and emitting 'drain' after every response.
      new Client(origin, {
        pipelining: options.pipelining + 2,
        keepAliveTimeout: KEEP_ALIVE_MS,
        connect: loadConnector(options.pipelining),
      }),
    ),
  );
  return new Promise<void>((resolve) => {
    let active = slots;
    const next = (exchange: Exchange, nowMs: number): void => {
      if (!state.stopped && state.issued < max && nowMs < deadline) {
        exchange.send(nowMs);
        return;
      }
      if (--active === 0) resolve();
    };
    for (let i = 0; i < slots; i++) {
      next(new Exchange(state, clients[i % clients.length]!, next), performance.now());
    }
  });
}

/**
 * Open model: request i is due at start + i / rate, whether or not earlier ones have returned.
 * Timers fire late under load, so every due request is sent on each wake-up and its latency is
 * measured from its due time.
 */
export async function runOpenModel(
  state: LoadRunState,
  options: ResolvedLoadOptions,
  origin: string,
): Promise<void> {
  // Arrivals do not wait for a free connection: the pool queues them and latency counts from due time.
  const pool = state.own(
    new Pool(origin, {
      connections: options.connections,
      pipelining: options.pipelining,
      keepAliveTimeout: KEEP_ALIVE_MS,
      connect: loadConnector(options.pipelining),
    }),
  );
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
          new Exchange(state, pool).send(performance.now(), due);
        }
      }
    };
    state.controller.signal.addEventListener('abort', finish);
    tick();
  });
}

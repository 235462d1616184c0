import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One kind of request; `next` is called for every request sent, so ids and bodies vary per request. */
export interface LoadScenario {
  name: string;
  expectStatus: number;
  next(): RequestSpec;
}

/** A fixed number of requests (both workers then do exactly the same work) or a fixed time in seconds. */
export type LoadShape = { connections: number } & ({ amount: number } | { seconds: number });

export interface RoundResult {
  requests: number;
  seconds: number;
  rps: number;
  /** 99th percentile latency in ms, from the exact per-request times (autocannon's histogram keeps whole ms). */
  p99: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Sends `amount` requests over `connections` keep-alive connections with autocannon. Any response other than
 * `expectStatus`, any error or timeout fails the round: a failing request is never a fast sample.
 */
export function loadRound(url: URL, scenario: LoadScenario, shape: LoadShape): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const unexpected = new Map<number, number>();
    const started = performance.now();
    // The round ends at its last response, not when autocannon reports back.
    let finished = started;
    const instance = autocannon(
      {
        url: url.origin,
        connections: shape.connections,
        ...('amount' in shape ? { amount: shape.amount } : { duration: shape.seconds }),
        // autocannon acts on a finished round at its next sample tick; the default second would idle the round.
        sampleInt: 50,
        timeout: 30,
        requests: [{ setupRequest: (request) => ({ ...request, ...scenario.next() }) }],
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (finished - started) / 1000;
        const failures = result.errors + result.timeouts;
        if (unexpected.size > 0 || failures > 0) {
          const statuses = [...unexpected].map(([status, n]) => `${n}× ${status}`).join(', ');
          return reject(
            new Error(
              `${scenario.name}: expected only ${scenario.expectStatus}, got ${statuses || 'none'}; ${result.errors} errors, ${result.timeouts} timeouts`,
            ),
          );
        }
        latencies.sort((a, b) => a - b);
        resolve({
          requests: latencies.length,
          seconds,
          rps: latencies.length / seconds,
          p99: percentile(latencies, 99),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      finished = performance.now();
      if (statusCode === scenario.expectStatus) latencies.push(responseTime);
      else unexpected.set(statusCode, (unexpected.get(statusCode) ?? 0) + 1);
    });
  });
}

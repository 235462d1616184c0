import type { RequestLogEntry } from '@clodo/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorProject, startEmulatorProject } from '../internal/testing/emulator-project.js';
import { PortfolioOrchestrator } from '../orchestrators/portfolio.js';
import { createDeploymentSteps } from './deployment-toolkit-steps.js';

// End to end: ordering and concurrency of a portfolio, judged from the emulator's request log (when
// each worker's API calls began and ended), not from the orchestrator's own record. A worker's
// window holds only calls its own unit made, so it lies inside the time that unit was in flight.
let p: EmulatorProject;

beforeAll(async () => {
  p = await startEmulatorProject('scheduling');
}, 60_000);

afterAll(async () => {
  await p?.close();
});

/** From a worker's first API request to its last: a subset of the time its unit was in flight. */
function window(entries: RequestLogEntry[]): { from: number; to: number } {
  expect(entries.length).toBeGreaterThan(0);
  return {
    from: Math.min(...entries.map((e) => e.startedAt)),
    to: Math.max(...entries.map((e) => e.finishedAt)),
  };
}

/** The most windows open at one instant. */
function maxOverlap(windows: Array<{ from: number; to: number }>): number {
  const edges = windows.flatMap((w) => [
    { at: w.from, delta: 1 },
    { at: w.to, delta: -1 },
  ]);
  // At equal times a window closing frees its slot before the next one opens.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let max = 0;
  for (const edge of edges) {
    open += edge.delta;
    max = Math.max(max, open);
  }
  return max;
}

describe('the overlap count the concurrency check relies on', () => {
  it('counts windows open at one instant', () => {
    const w = (from: number, to: number) => ({ from, to });
    expect(maxOverlap([w(0, 10), w(5, 15), w(8, 20)])).toBe(3);
    expect(maxOverlap([w(0, 10), w(10, 20), w(20, 30)])).toBe(1);
    expect(maxOverlap([w(0, 10), w(2, 4), w(6, 12), w(11, 13)])).toBe(2);
  });
});

describe('a 5-service portfolio with a dependsOn chain and concurrency 2, real wrangler', () => {
  const chain = ['alpha', 'beta', 'gamma'];
  const all = [...chain, 'delta', 'epsilon'];
  let startedAt: number;
  let finishedAt: number;
  let status: string;
  // Only the run's own requests: the checks below read the API too.
  const requestsFor = (service: string) => p.requestsFor(service, startedAt, finishedAt);

  // One run serves both checks: five wrangler deploys are most of this file's time.
  beforeAll(async () => {
    for (const service of all) await p.writeService(service, { release: 'k1' });
    startedAt = performance.timeOrigin + performance.now();
    const result = await new PortfolioOrchestrator({
      steps: createDeploymentSteps({ toolkit: p.kit, resolve: p.resolve }),
      environment: 'staging',
      // The chain is listed backwards: only dependsOn can put alpha first.
      services: [
        { service: 'gamma', dependsOn: ['beta'] },
        { service: 'beta', dependsOn: ['alpha'] },
        { service: 'alpha' },
        { service: 'delta' },
        { service: 'epsilon' },
      ],
      capabilities: ['rollback'],
      concurrency: 2,
    }).execute();
    finishedAt = performance.timeOrigin + performance.now();
    status = result.status;
  }, 300_000);

  it('deploys every service, each serving the new release', async () => {
    expect(status).toBe('succeeded');
    for (const service of all) {
      expect(await p.get(service)).toMatchObject({ status: 200, body: { service, release: 'k1' } });
    }
  });

  it('deploys the chain in order, each after the one it depends on is done', async () => {
    const windows = chain.map((s) => window(requestsFor(s)));
    for (let i = 1; i < chain.length; i++) {
      // Every API request for a service came after the last one for the service it depends on.
      expect(windows[i]!.from).toBeGreaterThan(windows[i - 1]!.to);
    }
    const created = await Promise.all(
      chain.map(async (s) => Date.parse((await p.kit.api.listDeployments(p.workerName(s)))[0]!.createdOn)),
    );
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(new Set(created).size).toBe(3);
  });

  it('never has more than 2 services in flight', () => {
    const windows = all.map((s) => window(requestsFor(s)));
    // Exactly 2: the limit held, and the run did use both slots (a serial run would show 1).
    expect(maxOverlap(windows)).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ERRORS } from '../errors.js';
import type { VersionTrafficCount } from '../targets/target.js';
import { TrafficObserver } from './traffic-observer.js';

/** A worker split 1 in `every` requests to `fresh`, which fails; the rest to `stable`. */
function splitWorker(every: number, freshFails: boolean) {
  const counts = new Map<string, VersionTrafficCount>([
    ['stable', { versionId: 'stable', requests: 0, errors: 0 }],
    ['fresh', { versionId: 'fresh', requests: 0, errors: 0 }],
  ]);
  let n = 0;
  const urls: string[] = [];
  const fetchFake = (async (input: string | URL | Request) => {
    urls.push(String(input));
    n++;
    const version = n % every === 0 ? 'fresh' : 'stable';
    const entry = counts.get(version)!;
    entry.requests++;
    const status = version === 'fresh' && freshFails ? 500 : 200;
    if (status >= 500) entry.errors++;
    return new Response('x', { status });
  }) as typeof fetch;
  const target = {
    kind: 'local' as const,
    traffic: async () => [...counts.values()].map((c) => ({ ...c })),
  };
  return { counts, urls, fetchFake, target };
}

describe('TrafficObserver', () => {
  it('probes until the judged version has answered enough requests, then reports its error rate', async () => {
    const w = splitWorker(5, true);
    const observer = new TrafficObserver({ target: w.target, fetch: w.fetchFake });
    const seen = await observer.observe({
      workerName: 'api',
      versionId: 'fresh',
      url: 'http://127.0.0.1:1/base/',
      probePath: '/ping',
      minRequests: 10,
    });
    expect(seen).toMatchObject({ errorRate: 1, enough: true });
    expect(seen.probesSent).toBe(w.urls.length);
    // Probes go out in batches of 8; it stops at the first batch that reaches 10 for the version.
    expect(seen.requests).toBe(Math.floor(seen.probesSent / 5));
    expect(seen.errors).toBe(seen.requests);
    expect(seen.requests).toBeGreaterThanOrEqual(10);
    expect(seen.probesSent).toBeLessThan(58);
    expect(new Set(w.urls)).toEqual(new Set(['http://127.0.0.1:1/base/ping']));
  });

  it('counts only what happened after the baseline, organic traffic included', async () => {
    const w = splitWorker(2, false);
    w.counts.get('fresh')!.requests = 500;
    w.counts.get('fresh')!.errors = 400;
    const observer = new TrafficObserver({ target: w.target, fetch: w.fetchFake });
    const since = await observer.baseline('api');
    w.counts.get('fresh')!.requests += 30;
    w.counts.get('fresh')!.errors += 3;
    const seen = await observer.observe({
      workerName: 'api',
      versionId: 'fresh',
      url: 'http://127.0.0.1:1',
      since,
    });
    expect(seen).toMatchObject({ requests: 30, errors: 3, errorRate: 0.1, probesSent: 0, enough: true });
  });

  it('says when the version saw too little traffic to judge', async () => {
    const w = splitWorker(1000, true);
    const observer = new TrafficObserver({ target: w.target, fetch: w.fetchFake });
    const seen = await observer.observe({
      workerName: 'api',
      versionId: 'fresh',
      url: 'http://127.0.0.1:1',
      maxProbes: 40,
    });
    expect(seen).toMatchObject({ requests: 0, errorRate: 0, probesSent: 40, enough: false });
  });

  it('refuses a target without traffic counters, and bad arguments by name', async () => {
    const observer = new TrafficObserver({ target: { kind: 'cloudflare' } });
    expect(observer.supported).toBe(false);
    await expect(observer.baseline('api')).rejects.toMatchObject({
      code: DEPLOYMENT_ERRORS.TRAFFIC_UNOBSERVABLE,
      message: expect.stringContaining('cloudflare target'),
    });
    const w = splitWorker(2, false);
    const ok = new TrafficObserver({ target: w.target, fetch: w.fetchFake });
    await expect(ok.observe({ workerName: 'api', versionId: '', url: 'http://127.0.0.1:1' })).rejects.toThrow(
      /request\.versionId/,
    );
    await expect(ok.observe({ workerName: 'api', versionId: 'fresh', url: 'nope' })).rejects.toThrow(
      /request\.url/,
    );
    await expect(
      ok.observe({ workerName: 'api', versionId: 'fresh', url: 'http://127.0.0.1:1', minRequests: 0 }),
    ).rejects.toThrow(/request\.minRequests/);
  });
});

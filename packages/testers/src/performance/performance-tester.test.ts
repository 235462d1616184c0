import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, sendJson, sleep, startServer } from '../__fixtures__/server.js';
import { PerformanceTester } from './performance-tester.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('PerformanceTester', () => {
  it('samples each endpoint sequentially and reports percentiles against thresholds', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server = await startServer(async (req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(req.url === '/slow' ? 20 : 2);
      inFlight--;
      sendJson(res, 200, {});
    });
    const result = await new PerformanceTester({
      baseUrl: server.url,
      endpoints: [{ path: '/fast' }, { path: '/slow', thresholds: { p50Ms: 200 } }],
      samples: 30,
      warmup: 2,
      thresholds: { p50Ms: 150 },
    }).run();
    expect(server.received).toBe(64);
    expect(maxInFlight).toBe(1);
    const [fast, slow] = result.endpoints;
    expect(fast?.samples).toBe(30);
    expect(fast?.latency.count).toBe(30);
    expect(fast?.latency.p50).toBeGreaterThanOrEqual(2);
    expect(slow?.latency.p50).toBeGreaterThanOrEqual(20);
    expect(slow?.latency.p50).toBeLessThan(60);
    expect(fast?.thresholds).toEqual([
      { name: 'p50Ms', limit: 150, actual: fast?.latency.p50, passed: true },
    ]);
    expect(slow?.passed).toBe(true);
    expect(result.passed).toBe(true);

    const strict = await new PerformanceTester({
      baseUrl: server.url,
      endpoints: [{ path: '/slow' }],
      samples: 10,
      thresholds: { p95Ms: 10 },
    }).run();
    expect(strict.passed).toBe(false);
    expect(strict.endpoints[0]?.thresholds[0]?.passed).toBe(false);
  });

  it('counts error statuses against the endpoint', async () => {
    server = await startServer((_req, res) => sendJson(res, 503, {}));
    const result = await new PerformanceTester({
      baseUrl: server.url,
      endpoints: [{ path: '/' }],
      samples: 5,
    }).run();
    expect(result.endpoints[0]?.errors).toBe(5);
    expect(result.endpoints[0]?.statusCodes).toEqual({ '503': 5 });
    expect(result.passed).toBe(false);
  });
});

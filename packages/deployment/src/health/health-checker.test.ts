import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { HealthChecker } from './health-checker.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server answering `/health` with the given statuses in turn (the last one repeats). */
async function serve(statuses: number[], delayMs = 0): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    const status = statuses[Math.min(hits, statuses.length - 1)]!;
    hits++;
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'down', path: req.url }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, hits: () => hits };
}

function fakeClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => 0, sleep: async (ms) => void waits.push(ms) };
}

describe('HealthChecker', () => {
  it('retries with backoff until /health answers 2xx', async () => {
    const { url, hits } = await serve([503, 500, 200]);
    const clock = fakeClock();
    const result = await new HealthChecker({ clock, initialDelayMs: 100 }).check(url);
    expect(result).toMatchObject({
      healthy: true,
      attempts: 3,
      status: 200,
      body: { status: 'ok', path: '/health' },
    });
    expect(hits()).toBe(3);
    expect(clock.waits).toEqual([100, 200]);
  });

  it('fails after the last attempt with the attempt count when /health keeps returning 500', async () => {
    const { url, hits } = await serve([500]);
    const clock = fakeClock();
    const checker = new HealthChecker({ clock, attempts: 4, initialDelayMs: 100, maxDelayMs: 250 });
    await expect(checker.assertHealthy(url)).rejects.toMatchObject({
      code: 'HEALTH_CHECK_FAILED',
      message: `${url}/health is not healthy after 4 attempts (last: HTTP 500)`,
      details: { attempts: 4, status: 500, healthy: false },
    });
    expect(hits()).toBe(4);
    expect(clock.waits).toEqual([100, 200, 250]);
  });

  it('probes /health under the URL path of a mounted service', async () => {
    const { url } = await serve([200]);
    const result = await new HealthChecker({ clock: fakeClock() }).check(`${url}/v1/`);
    expect(result).toMatchObject({ healthy: true, url: `${url}/v1/health`, body: { path: '/v1/health' } });
  });

  it('counts a request timeout as a failed attempt', async () => {
    const { url } = await serve([200], 500);
    const result = await new HealthChecker({ clock: fakeClock(), attempts: 2, requestTimeoutMs: 50 }).check(
      url,
    );
    expect(result).toMatchObject({ healthy: false, attempts: 2, error: 'no answer within 50 ms' });
    expect(result.status).toBeUndefined();
  });

  it('reports a refused connection', async () => {
    const { url } = await serve([200]);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const result = await new HealthChecker({ clock: fakeClock(), attempts: 1 }).check(url);
    expect(result.healthy).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);
  });
});

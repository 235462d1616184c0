import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, sendJson, sleep, startServer } from '../__fixtures__/server.js';
import { isTesterError } from '../errors.js';
import { type ProgressEvent, progressToEventTarget } from '../progress/events.js';
import { LoadTester } from './load-tester.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('LoadTester', () => {
  it('closed model: reports a known 10% error rate and the injected latency within tolerance', async () => {
    let n = 0;
    server = await startServer(async (_req, res) => {
      const i = n++;
      await sleep(20);
      sendJson(res, i % 10 === 9 ? 500 : 200, { ok: true });
    });
    const events: ProgressEvent[] = [];
    const result = await new LoadTester({
      baseUrl: server.url,
      connections: 8,
      maxRequests: 200,
      durationMs: 4000,
      progressIntervalMs: 100,
      onProgress: (e) => events.push(e),
    }).run();

    // the server answers exactly every tenth request with a 500: the count is exact, the rate within 1 point
    const completed = result.requests.completed;
    expect(completed).toBe(200);
    expect(result.statusCodes['500']).toBe(Math.floor(completed / 10));
    expect(result.errorRate).toBeCloseTo(Math.floor(completed / 10) / completed, 6);
    expect(Math.abs(result.errorRate - 0.1)).toBeLessThanOrEqual(0.01);
    expect(result.requests.failed).toBe(0);
    // injected 20 ms: nothing faster (HDR precision 0.1 %), median within 20..80 ms on a shared 2-core box
    expect(result.latency.min).toBeGreaterThanOrEqual(19.9);
    expect(result.latency.p50).toBeGreaterThanOrEqual(20);
    expect(result.latency.p50).toBeLessThan(80);
    expect(result.latency.p99).toBeGreaterThanOrEqual(result.latency.p50);
    expect(result.latency.max).toBeGreaterThanOrEqual(result.latency.p99);
    // throughput is completed ÷ elapsed, and completed is what the server saw
    expect(result.requests.completed).toBe(server.received);
    expect(result.throughputPerSec).toBeCloseTo(result.requests.completed / (result.elapsedMs / 1000), 0);
    // 200 requests, 8 at a time, 20 ms each: at least 25 rounds of 20 ms
    expect(result.elapsedMs).toBeGreaterThanOrEqual(500);
    expect(result.elapsedMs).toBeLessThan(4000);
    // 8 connections at >= 20 ms each: at most 400 req/s
    expect(result.throughputPerSec).toBeLessThanOrEqual(400);
    expect(result.timeline.reduce((s, p) => s + p.completed, 0)).toBe(result.requests.completed);
    expect(result.histogram.reduce((s, b) => s + b.count, 0)).toBe(result.requests.completed);
    expect(events.some((e) => e.type === 'load' && e.completed > 0)).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('open model keeps its arrival rate through a server stall and the stall shows in its percentiles', async () => {
    const stallFrom = 400;
    const stallMs = 400;
    let started = 0;
    const handler = async (_req: unknown, res: Parameters<Parameters<typeof startServer>[0]>[1]) => {
      const t = performance.now() - started;
      if (t >= stallFrom && t < stallFrom + stallMs) await sleep(stallFrom + stallMs - t);
      else await sleep(1);
      sendJson(res, 200, { ok: true });
    };
    server = await startServer(handler);
    started = performance.now();
    const open = await new LoadTester({
      baseUrl: server.url,
      model: 'open',
      ratePerSec: 200,
      durationMs: 1500,
      connections: 128,
    }).run();
    expect(open.requests.issued).toBeGreaterThanOrEqual(295);
    expect(open.requests.issued).toBeLessThanOrEqual(300);
    expect(open.achievedRatePerSec).toBeGreaterThan(190);
    expect(open.achievedRatePerSec).toBeLessThan(210);
    expect(open.requests.errors).toBe(0);
    // ~80 of ~300 requests arrive inside the 400 ms stall and wait up to 400 ms from their due time
    expect(open.latency.p90).toBeGreaterThan(200);
    expect(open.latency.p99).toBeGreaterThan(300);
    expect(open.latency.max).toBeGreaterThan(350);

    // the same stall seen by a closed model is hidden: few requests are waiting when it happens
    await server.close();
    server = await startServer(handler);
    started = performance.now();
    const closed = await new LoadTester({ baseUrl: server.url, connections: 2, durationMs: 1500 }).run();
    expect(closed.latency.p90).toBeLessThan(150);
    expect(closed.latency.max).toBeGreaterThan(300);
  });

  it('is bounded by request count', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, {}));
    const target = new EventTarget();
    const seen: number[] = [];
    target.addEventListener('progress', (e) => {
      const detail = (e as CustomEvent<ProgressEvent>).detail;
      if (detail.type === 'load') seen.push(detail.completed);
    });
    const result = await new LoadTester({
      baseUrl: server.url,
      maxRequests: 500,
      connections: 4,
      onProgress: progressToEventTarget(target),
    }).run();
    // the last event is the final tally
    expect(seen.at(-1)).toBe(500);
    expect(result.requests.issued).toBe(500);
    expect(result.requests.completed).toBe(500);
    expect(server.received).toBe(500);
  });

  it('pipelines over exactly `connections` sockets and counts every response', async () => {
    const sockets = new Set<unknown>();
    server = await startServer((req, res) => {
      sockets.add(req.socket);
      sendJson(res, 200, { ok: true });
    });
    const result = await new LoadTester({
      baseUrl: server.url,
      connections: 3,
      pipelining: 4,
      maxRequests: 600,
    }).run();
    expect(sockets.size).toBe(3);
    expect(result.settings.pipelining).toBe(4);
    expect(result.requests.issued).toBe(600);
    expect(result.requests.completed).toBe(600);
    expect(result.statusCodes).toEqual({ '200': 600 });
    expect(server.received).toBe(600);
    expect(result.serviceTime).toEqual(result.latency);
  });

  it('really pipelines: several requests reach the server in one read', async () => {
    // A raw TCP responder, so what arrives per read is visible (node:http hides it).
    let mostInOneRead = 0;
    let answered = 0;
    const tcp = createTcpServer((socket) => {
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString('latin1');
        const requests = pending.split('\r\n\r\n');
        pending = requests.pop() ?? '';
        mostInOneRead = Math.max(mostInOneRead, requests.length);
        answered += requests.length;
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'.repeat(requests.length));
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = tcp.address() as AddressInfo;
      const result = await new LoadTester({
        baseUrl: `http://127.0.0.1:${port}`,
        connections: 1,
        pipelining: 8,
        maxRequests: 400,
      }).run();
      expect(result.requests.completed).toBe(400);
      expect(answered).toBe(400);
      expect(mostInOneRead).toBeGreaterThan(1);
      expect(mostInOneRead).toBeLessThanOrEqual(8);
    } finally {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });

  it('is abortable and bounded when the server never answers', async () => {
    server = await startServer(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const t0 = performance.now();
    const result = await new LoadTester({
      baseUrl: server.url,
      connections: 4,
      durationMs: 5000,
      signal: controller.signal,
    }).run();
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(result.aborted).toBe(true);
    expect(result.requests.completed).toBe(0);
    expect(result.failures.ABORTED).toBe(4);

    const timed = await new LoadTester({
      baseUrl: server.url,
      connections: 2,
      durationMs: 200,
      timeoutMs: 300,
    }).run();
    expect(timed.failures.TIMEOUT).toBe(2);
    expect(timed.errorRate).toBe(1);
    expect(timed.elapsedMs).toBeLessThan(2000);
  });

  it('rejects unbounded or malformed options naming the field', () => {
    const bad = (o: object, field: string) => {
      try {
        new LoadTester({ baseUrl: 'http://127.0.0.1:1', ...o } as never);
        throw new Error('accepted');
      } catch (e) {
        expect(isTesterError(e)).toBe(true);
        expect((e as Error).message.startsWith(field)).toBe(true);
      }
    };
    bad({}, 'durationMs');
    bad({ durationMs: 100, model: 'open' }, 'ratePerSec');
    bad({ durationMs: 100, connections: 0 }, 'connections');
    bad({ durationMs: -1 }, 'durationMs');
  });
});

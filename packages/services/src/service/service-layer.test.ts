import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import { cors } from '../middleware/cors.js';
import { errorHandler } from '../middleware/error-handler.js';
import { type ServiceLayerOptions, serviceLayer } from './service-layer.js';

function app(options: Partial<ServiceLayerOptions> = {}) {
  const lines: string[] = [];
  const sink = (line: string) => lines.push(line);
  const onError = errorHandler({ sink });
  const hono = new Hono();
  hono.onError(onError);
  hono.use(
    '*',
    serviceLayer({
      logging: { sink },
      prepare: (c) => c.set('environment' as never, 'test' as never),
      refuse: () => undefined,
      inner: [],
      onError,
      ...options,
    }),
  );
  hono.get('/ok', (c) => c.json({ environment: c.get('environment' as never) }));
  hono.get('/boom', () => {
    throw new Error('handler failed');
  });
  return { hono, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('serviceLayer', () => {
  it('sets values, logs one line and stamps the request id on every answer', async () => {
    const { hono, lines } = app();
    const res = await hono.request('/ok');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ environment: 'test' });
    const id = res.headers.get('X-Request-Id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'request', requestId: id, method: 'GET', status: 200 }),
    ]);
    const missing = await hono.request('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('keeps a well-formed caller id and replaces a malformed one', async () => {
    const { hono } = app();
    const kept = await hono.request('/ok', { headers: { 'X-Request-Id': 'caller-id-0001' } });
    expect(kept.headers.get('X-Request-Id')).toBe('caller-id-0001');
    const replaced = await hono.request('/ok', { headers: { 'X-Request-Id': 'no spaces allowed' } });
    expect(replaced.headers.get('X-Request-Id')).not.toBe('no spaces allowed');
  });

  it('an error in an inner middleware becomes the envelope that is still logged, stamped and CORS-decorated', async () => {
    const failing: MiddlewareHandler = async () => {
      throw new Error('store unavailable');
    };
    const { hono, lines } = app({ inner: [failing], cors: cors({ origins: ['https://a.example'] }) });
    const res = await hono.request('/ok', { headers: { Origin: 'https://a.example' } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(res.headers.get('X-Request-Id')).toBe(body.error.requestId);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://a.example');
    expect(lines().map((l) => l.msg)).toEqual(['unhandled error', 'request']);
    expect(lines()[1]).toMatchObject({ status: 500, level: 'error' });
  });

  it('a handler error is answered by the app handler and logged with its status', async () => {
    const { hono, lines } = app();
    const res = await hono.request('/boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
    expect(lines().at(-1)).toMatchObject({ msg: 'request', status: 500 });
  });

  it('inner middleware run in order; a returned response ends the request and is logged', async () => {
    const order: string[] = [];
    const first: MiddlewareHandler = async (_c, next) => {
      order.push('first');
      await next();
      order.push('first after');
    };
    const stop: MiddlewareHandler = async (c) => {
      order.push('stop');
      return c.json({ stopped: true }, 429);
    };
    const { hono, lines } = app({ inner: [first, stop] });
    const res = await hono.request('/ok');
    expect(res.status).toBe(429);
    expect(order).toEqual(['first', 'stop', 'first after']);
    expect(lines()).toEqual([expect.objectContaining({ status: 429, level: 'warn' })]);
  });

  it('a refusal answers before the inner middleware; CORS preflights are answered unlogged', async () => {
    let reached = false;
    const { hono, lines } = app({
      refuse: (c) => c.json({ refused: true }, 500),
      inner: [
        async (_c, next) => {
          reached = true;
          await next();
        },
      ],
      cors: cors({ origins: ['https://a.example'] }),
    });
    const refused = await hono.request('/ok');
    expect(refused.status).toBe(500);
    expect(reached).toBe(false);
    expect(lines()).toHaveLength(1);
    const preflight = await hono.request('/ok', {
      method: 'OPTIONS',
      headers: { Origin: 'https://a.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('X-Request-Id')).toBeTruthy();
    expect(lines()).toHaveLength(1);
  });

  it('without logging writes no line', async () => {
    const { hono, lines } = app({ logging: undefined });
    expect((await hono.request('/ok')).status).toBe(200);
    expect(lines()).toEqual([]);
  });
});

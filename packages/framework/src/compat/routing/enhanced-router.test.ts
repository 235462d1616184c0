import { type D1DatabaseLike, defineModel, schemaSql } from '@clodo/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startD1 } from '../../__fixtures__/d1.js';
import { EnhancedRouter } from './enhanced-router.js';

let db: D1DatabaseLike;
let dispose: () => Promise<void>;
const tasks = defineModel({
  name: 'tasks',
  fields: { title: { type: 'text', required: true, maxLength: 50 } },
});

beforeAll(async () => {
  ({ db, dispose } = await startD1());
  await db.batch(schemaSql([tasks]).map((s) => db.prepare(s)));
}, 60_000);
afterAll(() => dispose?.());

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('EnhancedRouter', () => {
  it('answers custom routes with path params and the generated resources of a model from env.DB', async () => {
    const router = new EnhancedRouter({ models: [tasks] });
    router.registerRoute('GET', '/hello/:who', (_req, params) => Response.json({ hello: params.who }));
    const env = { DB: db };

    const hello = await router.fetch(new Request('http://x/hello/ada'), env);
    expect(await hello.json()).toEqual({ hello: 'ada' });
    expect(hello.headers.get('x-request-id')).toBeTruthy();

    const created = await router.fetch(
      new Request('http://x/api/tasks', json('POST', { title: 'write' })),
      env,
    );
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string } };
    expect(created.headers.get('location')).toBe(`/api/tasks/${data.id}`);
    const fetched = await router.fetch(new Request(`http://x/api/tasks/${data.id}`), env);
    expect(((await fetched.json()) as { data: { title: string } }).data.title).toBe('write');

    const invalid = await router.fetch(
      new Request('http://x/api/tasks', json('POST', { title: 'x'.repeat(51) })),
      env,
    );
    expect(invalid.status).toBe(400);
    expect(
      ((await invalid.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field,
    ).toBe('title');
    const missing = await router.fetch(new Request('http://x/nowhere'), env);
    expect(missing.status).toBe(404);
    expect(router.getRoutes()).toContainEqual({ method: 'GET', path: '/hello/:who' });
    expect(router.getRoutes()).toContainEqual({ method: 'DELETE', path: '/api/tasks/:id' });
  }, 30_000);

  it('takes the old (d1Client, options) form, runs middleware added later, and requires auth when asked', async () => {
    const router = new EnhancedRouter(db, {
      auth: { apiKeys: { keys: ['k_0123456789abcdef0123456789abcdef'] } },
    });
    router.mountModel(tasks);
    router.registerRoute('GET', '/ping', () => new Response('pong'));
    router.use(async (c, next) => {
      await next();
      c.res.headers.set('X-Served-By', 'router');
    });
    const ping = await router.fetch(new Request('http://x/ping'));
    expect(await ping.text()).toBe('pong');
    expect(ping.headers.get('x-served-by')).toBe('router');

    const denied = await router.fetch(new Request('http://x/api/tasks'));
    expect(denied.status).toBe(401);
    const listed = await router.handleRequest(
      'GET',
      '/api/tasks',
      new Request('http://x/ignored', { headers: { 'X-API-Key': 'k_0123456789abcdef0123456789abcdef' } }),
    );
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { pagination: { total: number } }).pagination.total).toBeGreaterThan(0);
  }, 30_000);

  it('answers 500 without naming the binding when env has no D1, and rejects bad routes by name', async () => {
    const router = new EnhancedRouter({ models: [tasks], logging: { sink: () => {} } });
    const res = await router.fetch(new Request('http://x/api/tasks'), {});
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('DB');
    expect(() => router.registerRoute('FETCH', '/x', () => new Response())).toThrow(/method "FETCH"/);
    expect(() => router.registerRoute('GET', 'x', () => new Response())).toThrow(/path "x" must start with/);
    expect(() => router.mountModel(tasks)).toThrow(/"tasks" is already mounted/);
    expect(() => router.registerRoute('get', '/api/tasks', () => new Response())).toThrow(
      /GET \/api\/tasks is already registered/,
    );
    expect(() => new EnhancedRouter({ basePath: 'api/' })).toThrow(/basePath "api\/"/);
  });
});

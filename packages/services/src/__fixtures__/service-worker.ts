// Test worker: several services, picked by hostname, so one workerd instance covers every configuration.
import { Hono } from 'hono';
import {
  type ClodoWorker,
  createService,
  defineModel,
  KvJsonCache,
  type ServiceEnv,
  serveR2Object,
  uploadToR2,
} from '../index.js';
import { ghosts, items, notes, users } from './models.js';

type Env = Record<string, unknown>;
const logs: string[] = [];
const sink = (line: string) => {
  logs.push(line);
  if (logs.length > 500) logs.shift();
};

const userRoutes = new Hono<ServiceEnv>();
userRoutes.get('/hello', (c) => c.json({ hello: 'world', requestId: c.get('requestId') }));
userRoutes.get('/boom', async (c) => {
  await (c.env.DB as { prepare(q: string): { all(): Promise<unknown> } })
    .prepare('SELECT * FROM no_such_table')
    .all();
  return c.json({ unreachable: true });
});
userRoutes.get('/throw', () => {
  throw new Error('secret detail: binding DB at /var/lib/stack');
});
userRoutes.get('/users-count', async (c) => c.json({ count: await c.get('data')('users').count() }));
userRoutes.put('/files/:key', async (c) => {
  const result = await uploadToR2(c.env.FILES as never, c.req.param('key'), c.req.raw, {
    maxBytes: 1024,
    allowedTypes: ['text/plain', 'application/octet-stream'],
  });
  return result.ok ? c.json({ success: true, data: result }, 201) : result.response;
});
userRoutes.on(['GET', 'HEAD'], '/files/:key', (c) =>
  serveR2Object(c.env.FILES as never, c.req.param('key'), c.req.raw),
);
let loads = 0;
userRoutes.get('/cached/:key', async (c) => {
  const cache = new KvJsonCache(c.env.KV as never, { prefix: 'test:', ttlSec: 60 });
  const value = await cache.getOrSet(c.req.param('key'), async () => ({ loaded: ++loads }));
  return c.json({ value, loads });
});
userRoutes.get('/logs', (c) => c.json(logs));
userRoutes.get('/features', (c) =>
  c.json({ features: c.get('features'), customer: c.get('customer') ?? null }),
);

const main = createService({
  name: 'main',
  version: '1.2.3',
  environment: 'production',
  models: [users, notes, ghosts, items],
  auth: { apiKeys: { keys: 'API_KEYS', readOnlyKeys: ['read-only-key-0001'] } },
  cors: { origins: ['https://a.example', 'https://b.example'] },
  routes: userRoutes,
  logging: { sink },
  features: {
    flags: { beta: { default: false, customers: { acme: true } }, search: true },
    customers: { acme: { domains: ['api.acme.test'] } },
  },
  jobs: [
    {
      name: 'stamp',
      cron: '*/5 * * * *',
      run: async (env) => {
        await (env.KV as { put(k: string, v: string): Promise<void> }).put(
          'job:stamp',
          new Date().toISOString(),
        );
      },
    },
    { name: 'broken', cron: '0 0 * * *', run: () => Promise.reject(new Error('job broke')) },
  ],
  queues: {
    work: {
      maxAttempts: 2,
      deadLetter: 'DLQ',
      handle: async (body) => {
        if ((body as { fail?: boolean }).fail) throw new Error('cannot process');
      },
    },
    'dead-letter': {
      handle: async (body, _m, env) => {
        const kv = env.KV as { put(k: string, v: string): Promise<void> };
        await kv.put(`dlq:${(body as { id: string }).id}`, JSON.stringify(body));
      },
    },
  },
});

const publicRead = createService({
  name: 'public',
  environment: 'development',
  models: [users],
  auth: { apiKeys: { keys: ['public-write-key-01'] }, publicRead: true },
});

const jwtService = createService({
  name: 'jwt',
  models: [users],
  auth: {
    jwt: (env) => ({
      secret: env.JWT_SECRET as string,
      issuer: 'https://issuer.test',
      audience: 'clodo-tests',
    }),
    authorize: (principal, request) =>
      !request.write || (principal.type === 'jwt' && principal.claims.scope === 'write'),
  },
});

const limited = createService({
  name: 'limited',
  auth: false,
  cors: { origins: ['https://a.example'] },
  rateLimit: { limit: 3, windowSec: 60, key: (c) => c.req.header('X-Client') ?? 'anon' },
  routes: (app) => app.get('/ping', (c) => c.json({ pong: true })),
});

const kvLimited = createService({
  name: 'kv-limited',
  auth: false,
  rateLimit: { limit: 2, windowSec: 60, kv: 'KV', key: (c) => c.req.header('X-Client') ?? 'anon' },
  routes: (app) => app.get('/ping', (c) => c.json({ pong: true })),
});

const cached = createService({ name: 'cached', auth: false, models: [items], cache: { memory: true } });
const kvCached = createService({ name: 'kv-cached', auth: false, models: [items], cache: { kv: 'KV' } });

const misconfigured = createService({
  name: 'misconfigured',
  environment: 'development',
  auth: false,
  models: [defineModel({ name: 'things', fields: { x: { type: 'text' } } })],
  database: 'MISSING_DB',
  logging: { sink },
});

const sick = createService({
  name: 'sick',
  auth: false,
  healthChecks: [
    { name: 'upstream', critical: true, run: () => Promise.reject(new Error('DB binding SELECT failed')) },
    { name: 'slow', critical: false, timeoutMs: 50, run: () => new Promise((r) => setTimeout(r, 1000)) },
  ],
});
const degraded = createService({
  name: 'degraded',
  auth: false,
  healthChecks: [{ name: 'optional', critical: false, run: () => Promise.reject(new Error('nope')) }],
});

const byHost: Record<string, { fetch(r: Request, e: Env, c: unknown): Promise<Response> }> = {
  'main.test': main,
  'api.acme.test': main,
  'public.test': publicRead,
  'jwt.test': jwtService,
  'limited.test': limited,
  'kv-limited.test': kvLimited,
  'cached.test': cached,
  'kv-cached.test': kvCached,
  'misconfigured.test': misconfigured,
  'sick.test': sick,
  'degraded.test': degraded,
};

type Probe = { method: string; url: string; headers: Record<string, string>; body?: string };

/** Replays many requests inside the isolate so a property test pays one Node round trip per batch. */
async function replay(request: Request, env: Env, ctx: unknown): Promise<Response> {
  const probes = (await request.json()) as Probe[];
  const results = await Promise.all(
    probes.map(async (p) => {
      const service = byHost[new URL(p.url).hostname];
      if (!service) return { status: 421, text: 'unknown host' };
      const init: RequestInit = { method: p.method, headers: p.headers };
      if (p.body !== undefined) init.body = p.body;
      const response = await service.fetch(new Request(p.url, init), env, ctx);
      return { status: response.status, text: await response.text() };
    }),
  );
  return Response.json(results);
}

const worker: Pick<ClodoWorker, 'fetch' | 'scheduled' | 'queue'> = {
  fetch(request: Request, env: Env, ctx: unknown): Promise<Response> {
    if (new URL(request.url).hostname === 'replay.test') return replay(request, env, ctx);
    const service = byHost[new URL(request.url).hostname];
    if (!service) return Promise.resolve(new Response('unknown host', { status: 421 }));
    return service.fetch(request, env, ctx as never);
  },
  scheduled: main.scheduled,
  queue: main.queue,
};

export default worker;

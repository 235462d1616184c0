import { signJwt } from '@clodo/security/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, type Harness, JWT_SECRET, startHarness } from '../__fixtures__/harness.js';
import { items, notes, users } from '../__fixtures__/models.js';

// Auth, CORS, rate limits, the binding guard, health, the manifest and caching, inside workerd.
let h: Harness;
const M = 'http://main.test';

beforeAll(async () => {
  h = await startHarness([users, notes, items]);
}, 60_000);
afterAll(() => h?.close());

describe('auth', () => {
  it('401 with WWW-Authenticate without credentials, for reads and writes', async () => {
    for (const method of ['GET', 'POST']) {
      const r = await h.call(`${M}/api/users`, { method, ...(method === 'POST' ? { json: {} } : {}) });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHORIZED');
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="clodo"');
    }
  });

  it('401 with error="invalid_token" for a wrong key, never echoing it', async () => {
    const r = await h.call(`${M}/api/users`, { headers: { 'X-API-Key': 'wrong-key-value-123' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(r.text).not.toContain('wrong-key-value-123');
  });

  it('accepts X-API-Key and Authorization: Bearer, and every key of the list', async () => {
    expect((await h.call(`${M}/api/users`, { headers: { 'X-API-Key': API_KEY } })).status).toBe(200);
    expect((await h.call(`${M}/api/users`, { headers: { Authorization: `Bearer ${API_KEY}` } })).status).toBe(
      200,
    );
    expect(
      (await h.call(`${M}/api/users`, { headers: { Authorization: 'Bearer second-key-abcdef' } })).status,
    ).toBe(200);
  });

  it('403 when a read-only key writes; it may read', async () => {
    const headers = { 'X-API-Key': 'read-only-key-0001' };
    expect((await h.call(`${M}/api/users`, { headers })).status).toBe(200);
    const r = await h.call(`${M}/api/users`, {
      method: 'POST',
      headers,
      json: { email: 'ro@example.com', name: 'RO' },
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });

  it('publicRead opens reads only', async () => {
    const P = 'http://public.test';
    expect((await h.call(`${P}/api/users`)).status).toBe(200);
    const denied = await h.call(`${P}/api/users`, {
      method: 'POST',
      json: { email: 'p@example.com', name: 'P' },
    });
    expect(denied.status).toBe(401);
    const ok = await h.call(`${P}/api/users`, {
      method: 'POST',
      headers: { 'X-API-Key': 'public-write-key-01' },
      json: { email: 'p@example.com', name: 'P' },
    });
    expect(ok.status).toBe(201);
  });

  it('JWT: valid token reads; scope decides writes (403); expired, wrong audience or bad signature are 401', async () => {
    const J = 'http://jwt.test';
    const base = {
      secret: JWT_SECRET,
      issuer: 'https://issuer.test',
      audience: 'clodo-tests',
      expiresIn: 300,
      subject: 'u1',
    };
    const reader = await signJwt({ scope: 'read' }, base);
    const writer = await signJwt({ scope: 'write' }, base);
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    expect((await h.call(`${J}/api/users`, { headers: bearer(reader) })).status).toBe(200);
    const body = { email: 'jwt@example.com', name: 'J' };
    expect(
      (await h.call(`${J}/api/users`, { method: 'POST', headers: bearer(reader), json: body })).status,
    ).toBe(403);
    expect(
      (await h.call(`${J}/api/users`, { method: 'POST', headers: bearer(writer), json: body })).status,
    ).toBe(201);
    const expired = await signJwt({}, { ...base, issuedAt: new Date(Date.now() - 3600_000), expiresIn: 60 });
    const wrongAud = await signJwt({}, { ...base, audience: 'someone-else' });
    const wrongKey = await signJwt({}, { ...base, secret: 'another-secret-that-is-long-enough-xx' });
    const early = await signJwt({}, { ...base, notBefore: 600 });
    for (const token of [expired, wrongAud, wrongKey, early, 'not.a.jwt']) {
      const r = await h.call(`${J}/api/users`, { headers: bearer(token) });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });
});

describe('CORS', () => {
  it('echoes the second allowed origin with Vary: Origin; ignores others', async () => {
    const r = await h.call(`${M}/hello`, { headers: { Origin: 'https://b.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('https://b.example');
    expect(r.headers.get('vary')).toContain('Origin');
    expect(r.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const other = await h.call(`${M}/hello`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toContain('Origin');
  });

  it('answers preflights with 204 without auth', async () => {
    const r = await h.call(`${M}/api/users`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://a.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-api-key',
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(r.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(r.headers.get('access-control-allow-headers')).toContain('X-API-Key');
  });

  it('decorates errors too (401, 404)', async () => {
    const r = await h.call(`${M}/api/users`, { headers: { Origin: 'https://a.example' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://a.example');
    const missing = await h.call(`${M}/nowhere`, { headers: { Origin: 'https://a.example' } });
    expect(missing.headers.get('access-control-allow-origin')).toBe('https://a.example');
  });
});

describe('rate limit', () => {
  it('in-isolate: 429 with Retry-After, X-RateLimit-* and CORS after the limit; other clients unaffected', async () => {
    const L = 'http://limited.test/ping';
    const headers = { 'X-Client': 'c1', Origin: 'https://a.example' };
    for (let i = 0; i < 3; i++) {
      const r = await h.call(L, { headers });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-limit')).toBe('3');
      expect(r.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
    }
    const r = await h.call(L, { headers });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.headers.get('x-ratelimit-reset')).toBe(r.headers.get('retry-after'));
    expect(r.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect((await h.call(L, { headers: { 'X-Client': 'c2' } })).status).toBe(200);
  });

  it('KV-backed: counts survive across requests in KV', async () => {
    const L = 'http://kv-limited.test/ping';
    const headers = { 'X-Client': 'kv1' };
    expect((await h.call(L, { headers })).status).toBe(200);
    expect((await h.call(L, { headers })).status).toBe(200);
    expect((await h.call(L, { headers })).status).toBe(429);
    const kv = await h.kv();
    const keys = await kv.list({ prefix: 'clodo:rl:kv1:' });
    expect(keys.keys.length).toBe(1);
  });
});

describe('binding guard', () => {
  it('a missing binding gives one clear error naming it (development) and a log line', async () => {
    const r = await h.call('http://misconfigured.test/api/things');
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('MISCONFIGURED');
    expect(r.body.error.message).toContain('D1 database binding "MISSING_DB"');
    const logs = (await h.call(`${M}/logs`)).body as string[];
    expect(logs.filter((l) => l.includes('MISSING_DB')).length).toBe(1);
    await h.call('http://misconfigured.test/api/things');
    expect(
      ((await h.call(`${M}/logs`)).body as string[]).filter((l) => l.includes('MISSING_DB')).length,
    ).toBe(1);
  });
});

describe('health and manifest', () => {
  it('GET /health: 200 with the D1 check', async () => {
    const r = await h.call(`${M}/health`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'ok',
      service: 'main',
      version: '1.2.3',
      environment: 'production',
    });
    expect(r.body.checks.database.status).toBe('ok');
  });

  it('503 when a critical check fails, without its error text; 200 degraded for non-critical', async () => {
    const r = await h.call('http://sick.test/health');
    expect(r.status).toBe(503);
    expect(r.body.status).toBe('fail');
    expect(r.body.checks.upstream).toMatchObject({ status: 'fail', critical: true, message: 'check failed' });
    expect(r.body.checks.slow).toMatchObject({ status: 'fail', critical: false, message: 'timed out' });
    expect(r.text).not.toContain('SELECT');
    const d = await h.call('http://degraded.test/health');
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('degraded');
  });

  it('manifest needs auth outside development and lists resources, fields and routes', async () => {
    const denied = await h.call(`${M}/.well-known/clodo`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('Bearer');
    const r = await h.call(`${M}/.well-known/clodo`, { headers: { 'X-API-Key': API_KEY } });
    expect(r.status).toBe(200);
    expect(r.body.service).toBe('main');
    const resource = r.body.resources.find((x: { name: string }) => x.name === 'users');
    expect(resource.path).toBe('/api/users');
    expect(resource.fields.email).toMatchObject({
      type: 'text',
      required: true,
      unique: true,
      maxLength: 200,
    });
    expect(resource.fields).not.toHaveProperty('secret_note');
    expect(resource.auth).toEqual({ read: 'required', write: 'required' });
    expect(r.body.routes).toContainEqual({ method: 'PATCH', path: '/api/users/:id' });
    expect(r.body.routes).toContainEqual({ method: 'GET', path: '/hello' });
    const open = await h.call('http://public.test/.well-known/clodo');
    expect(open.status).toBe(200);
    expect(open.body.resources[0].auth).toEqual({ read: 'public', write: 'required' });
  });
});

describe('cache', () => {
  for (const host of ['cached.test', 'kv-cached.test']) {
    it(`${host}: an update is never answered from the cache`, async () => {
      const C = `http://${host}/api/items`;
      const made = await h.call(C, { method: 'POST', json: { label: 'v1' } });
      const url = `${C}/${made.body.data.id}`;
      expect((await h.call(url)).body.data.label).toBe('v1');
      expect((await h.call(`${C}?label=v1`)).body.data.length).toBeGreaterThan(0);
      // Changed behind the service's back: a cached read still shows v1, which proves the cache is used.
      await h.sql("UPDATE items SET label = 'sneaky' WHERE id = ?", made.body.data.id);
      expect((await h.call(url)).body.data.label).toBe('v1');
      await h.call(url, { method: 'PATCH', json: { label: 'v2' } });
      expect((await h.call(url)).body.data.label).toBe('v2');
      expect((await h.call(`${C}?label=v2`)).body.data.map((i: { id: string }) => i.id)).toContain(
        made.body.data.id,
      );
      await h.call(url, { method: 'DELETE' });
      expect((await h.call(url)).status).toBe(404);
    });
  }
});

describe('feature flags', () => {
  it('resolve per customer domain', async () => {
    const plain = await h.call(`${M}/features`);
    expect(plain.body).toEqual({ features: { beta: false, search: true }, customer: null });
    const acme = await h.call('http://api.acme.test/features');
    expect(acme.body).toEqual({ features: { beta: true, search: true }, customer: 'acme' });
  });
});

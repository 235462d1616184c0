import { afterEach, describe, expect, it } from 'vitest';
import { type ClodoLike, startClodoLike } from '../__fixtures__/clodo-like.js';
import { sendJson, startServer } from '../__fixtures__/server.js';
import { AuthTester } from './auth-tester.js';

const KEY = 'sk_live_auth_tester_secret_abcdef0123';
const JWT = { secret: 'jwt-signing-secret-that-must-not-leak-42', audience: 'users-api' };
let service: ClodoLike | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('AuthTester', () => {
  it('passes a service that challenges, rejects and accepts correctly, JWT cases included', async () => {
    service = await startClodoLike({ apiKey: KEY, jwt: JWT });
    const result = await new AuthTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      endpoints: [{ path: '/api/users' }, { path: '/api/stats' }],
      jwt: JWT,
    }).run();
    expect(result.cases.map((c) => `${c.endpoint} ${c.case} ${c.status}`)).toEqual([
      'GET /api/users missing 401',
      'GET /api/users wrong 401',
      'GET /api/users valid 200',
      'GET /api/users jwt-valid 200',
      'GET /api/users jwt-expired 401',
      'GET /api/users jwt-wrong-audience 401',
      'GET /api/stats missing 401',
      'GET /api/stats wrong 401',
      'GET /api/stats valid 200',
      'GET /api/stats jwt-valid 200',
      'GET /api/stats jwt-expired 401',
      'GET /api/stats jwt-wrong-audience 401',
    ]);
    expect(result.passed).toBe(true);
    const text = JSON.stringify(result);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(JWT.secret);
    expect(text).not.toContain('eyJ');
  });

  it('fails a service that leaves a route open, omits WWW-Authenticate, or accepts expired tokens', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/open') return sendJson(res, 200, { ok: true });
      const auth = req.headers.authorization;
      if (!auth) return sendJson(res, 401, { error: 'no' }); // no WWW-Authenticate
      if (auth === `Bearer ${KEY}` || auth.split('.').length === 3) return sendJson(res, 200, { ok: true });
      return sendJson(res, 403, { error: 'no' });
    });
    try {
      const result = await new AuthTester({
        baseUrl: server.url,
        credentials: { bearerToken: KEY },
        endpoints: [{ path: '/open' }, { path: '/lax' }],
        jwt: JWT,
      }).run();
      const failed = result.cases
        .filter((c) => !c.passed)
        .map((c) => `${c.endpoint} ${c.case}: ${c.failures.join('; ')}`);
      expect(failed).toEqual([
        'GET /open missing: status 200, expected 401; 401 without a WWW-Authenticate header',
        'GET /open wrong: status 200, expected 401 or 403',
        'GET /open jwt-expired: status 200, expected 401 or 403',
        'GET /open jwt-wrong-audience: status 200, expected 401 or 403',
        'GET /lax missing: 401 without a WWW-Authenticate header',
        'GET /lax jwt-expired: status 200, expected 401 or 403',
        'GET /lax jwt-wrong-audience: status 200, expected 401 or 403',
      ]);
      expect(result.passed).toBe(false);
      expect(JSON.stringify(result)).not.toContain(KEY);
    } finally {
      await server.close();
    }
  });

  it('refuses to run without valid credentials or endpoints', () => {
    expect(
      () => new AuthTester({ baseUrl: 'http://127.0.0.1:1', credentials: {}, endpoints: [{ path: '/' }] }),
    ).toThrow(/^credentials:/);
    expect(
      () => new AuthTester({ baseUrl: 'http://127.0.0.1:1', credentials: { apiKey: 'k' }, endpoints: [] }),
    ).toThrow(/^endpoints:/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerdService, type WorkerdService } from '../__fixtures__/workerd-service.js';
import { ApiTester } from '../api/api-tester.js';
import { AuthTester } from '../auth/auth-tester.js';
import { DatabaseTester } from '../database/database-tester.js';
import { LoadTester } from '../load/load-tester.js';

// The testers against a real Clodo service (@clodo/services) in workerd with D1, over loopback HTTP.
const KEY = 'workerd-api-key-0123456789abcdef';
const JWT_SECRET = 'workerd-jwt-secret-long-enough-for-hs256-0123';
let service: WorkerdService;

beforeAll(async () => {
  service = await startWorkerdService(KEY, JWT_SECRET);
}, 120_000);
afterAll(() => service?.close());

describe('testers against a Clodo service in workerd', () => {
  it('ApiTester discovers the service from /health and its manifest', async () => {
    const result = await new ApiTester({ baseUrl: service.url, credentials: { apiKey: KEY } }).run();
    expect(result.discovered).toMatchObject({
      service: 'users-service',
      version: '2.0.0',
      resources: ['users'],
    });
    expect(result.endpoints.map((e) => e.name)).toEqual(
      expect.arrayContaining(['GET /health', 'GET /.well-known/clodo', 'list users', 'GET /api/ping']),
    );
    expect(result.endpoints.filter((e) => !e.passed)).toEqual([]);

    // without credentials the manifest is closed outside development: discovery says so
    await expect(new ApiTester({ baseUrl: service.url }).run()).rejects.toThrow(/answered 401/);
  });

  it('DatabaseTester completes the CRUD round trip against D1 and leaves no row behind', async () => {
    const before = await service.rows();
    const result = await new DatabaseTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      resource: {
        path: '/api/users',
        create: { email: 'probe@workerd.test', name: 'Probe' },
        update: { name: 'Probed' },
      },
    }).run();
    expect(result.steps.filter((s) => !s.passed)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.countAfter).toBe(result.countBefore);
    expect(await service.rows()).toBe(before);
  });

  it('DatabaseTester cleans up in D1 when a step fails', async () => {
    const before = await service.rows();
    const result = await new DatabaseTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      // an unknown field makes the update fail validation after the create succeeded
      resource: { path: '/api/users', create: { email: 'fail@workerd.test' }, update: { colour: 'red' } },
    }).run();
    expect(result.steps.find((s) => s.name === 'update')?.failures[0]).toMatch(
      /^status 400 \(VALIDATION_FAILED\)/,
    );
    expect(result.cleanup).toEqual({ needed: true, succeeded: true, status: 200 });
    expect(await service.rows()).toBe(before);
  });

  it('AuthTester: API key and JWT cases', async () => {
    const result = await new AuthTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      endpoints: [{ path: '/api/users' }],
      jwt: { secret: JWT_SECRET, audience: 'clodo-testers' },
    }).run();
    expect(result.cases.map((c) => `${c.case}:${c.status}:${c.passed}`)).toEqual([
      'missing:401:true',
      'wrong:401:true',
      'valid:200:true',
      'jwt-valid:200:true',
      'jwt-expired:401:true',
      'jwt-wrong-audience:401:true',
    ]);
  });

  it('LoadTester measures the list route', async () => {
    const result = await new LoadTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      request: { path: '/api/users?limit=5' },
      connections: 4,
      maxRequests: 100,
      durationMs: 5000,
    }).run();
    expect(result.requests.completed).toBe(100);
    expect(result.statusCodes).toEqual({ '200': 100 });
    expect(result.latency.p50).toBeGreaterThan(0);
  });
});

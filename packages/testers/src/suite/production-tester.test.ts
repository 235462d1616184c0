import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClodoLike, startClodoLike } from '../__fixtures__/clodo-like.js';
import type { ProgressEvent } from '../progress/events.js';
import type { SuiteConfig } from './config.js';
import { ProductionTester } from './production-tester.js';

const KEY = 'sk_live_suite_secret_value_5550123';
const JWT = { secret: 'suite-jwt-secret-never-in-reports', audience: 'users-api' };
let service: ClodoLike | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

function config(url: string, dir: string, maxErrorRate: number): SuiteConfig {
  return {
    name: 'users service',
    baseUrl: url,
    credentials: { apiKey: KEY },
    api: true,
    auth: { endpoints: [{ path: '/api/users' }], jwt: JWT },
    database: { resource: { path: '/api/users', create: { email: 'x@y.z' }, update: { email: 'y@y.z' } } },
    performance: { endpoints: [{ path: '/api/users' }], samples: 20, thresholds: { p95Ms: 500 } },
    load: { request: { path: '/load' }, connections: 4, maxRequests: 300, durationMs: 5000 },
    thresholds: { maxErrorRate, maxP99Ms: 1000 },
    reports: { dir, name: 'report' },
  };
}

describe('ProductionTester', () => {
  it('runs every phase, applies thresholds, writes JSON, JUnit and HTML, and thresholds flip the exit code', async () => {
    service = await startClodoLike({ apiKey: KEY, jwt: JWT, manifestAuth: true });
    const dir = mkdtempSync(join(tmpdir(), 'clodo-suite-'));
    const events: ProgressEvent[] = [];
    const result = await new ProductionTester(config(service.url, dir, 0.15), {
      onProgress: (e) => events.push(e),
    }).run();

    expect(result.errors).toEqual([]);
    expect(result.api?.passed).toBe(true);
    expect(result.auth?.passed).toBe(true);
    expect(result.database?.passed).toBe(true);
    expect(result.performance?.passed).toBe(true);
    // the server fails exactly every tenth /load request
    expect(result.load?.[0]?.requests.completed).toBe(300);
    expect(result.load?.[0]?.statusCodes).toEqual({ '200': 270, '500': 30 });
    expect(result.load?.[0]?.errorRate).toBe(0.1);
    expect(result.thresholds.map((t) => `${t.scope} ${t.name} ${t.passed}`)).toEqual([
      'load GET /load maxErrorRate true',
      'load GET /load maxP99Ms true',
      'checks maxFailedChecks true',
    ]);
    expect(result.exitCode).toBe(0);
    expect(events.filter((e) => e.type === 'phase').length).toBe(10);

    expect(readdirSync(dir).sort()).toEqual(['report.html', 'report.json', 'report.junit.xml']);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(json).toEqual(result);
    const junit = readFileSync(join(dir, 'report.junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="users service" tests="\d+" failures="0"/);
    for (const suite of ['api', 'auth', 'database', 'performance', 'load', 'thresholds']) {
      expect(junit).toContain(`<testsuite name="${suite}"`);
    }
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(JWT.secret);
    }

    const strictDir = mkdtempSync(join(tmpdir(), 'clodo-suite-'));
    const strict = await new ProductionTester({
      ...config(service.url, strictDir, 0.05),
      api: undefined,
      auth: undefined,
      database: undefined,
      performance: undefined,
    }).run();
    expect(strict.exitCode).toBe(1);
    expect(strict.thresholds[0]).toMatchObject({ name: 'maxErrorRate', limit: 0.05, passed: false });
    const strictJunit = readFileSync(join(strictDir, 'report.junit.xml'), 'utf8');
    expect(strictJunit).toContain('<failure message="maxErrorRate: actual');
  });

  it('records a phase that cannot run and fails the suite without hiding the others', async () => {
    service = await startClodoLike({ apiKey: KEY, manifestAuth: true });
    const result = await new ProductionTester({
      baseUrl: service.url,
      api: true,
      performance: { endpoints: [{ path: '/health' }], samples: 5 },
    }).run();
    expect(result.errors).toEqual([
      { phase: 'api', code: 'DISCOVERY_FAILED', message: expect.stringMatching(/answered 401/) },
    ]);
    expect(result.performance?.passed).toBe(true);
    expect(result.exitCode).toBe(1);
  });

  it('rejects bad config naming the field', () => {
    expect(() => new ProductionTester({ baseUrl: 'http://127.0.0.1:1' })).toThrow(
      /^config: enable at least one/,
    );
    expect(() => new ProductionTester({ baseUrl: 'nope', api: true })).toThrow(/^config.baseUrl:/);
    expect(
      () =>
        new ProductionTester({ baseUrl: 'http://127.0.0.1:1', api: true, thresholds: { maxErrorRate: 2 } }),
    ).toThrow(/^config.thresholds.maxErrorRate:/);
    expect(() => new ProductionTester({ baseUrl: 'http://127.0.0.1:1', auth: { endpoints: [] } })).toThrow(
      /^config.credentials:/,
    );
  });
});

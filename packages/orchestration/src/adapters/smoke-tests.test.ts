import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmokeTests } from './smoke-tests.js';

// A loopback service: /health ok, /items a list, /broken a 500.
let server: Server;
let url: string;
const unit = { id: 'api:staging', service: 'api', environment: 'staging' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return json(200, { status: 'ok', service: 'api' });
    if (req.url === '/items') return json(200, { items: [1, 2] });
    return json(500, { error: 'boom' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('createSmokeTests', () => {
  it('passes when every ApiTester check passes', async () => {
    const tests = createSmokeTests({
      endpoints: [
        { path: '/health', expectFields: { status: 'ok' } },
        { path: '/items', expectShape: { items: 'array' } },
      ],
    });
    expect(await tests(unit, url)).toEqual({ passed: true, failures: [], total: 2 });
  });

  it('fails naming each failed endpoint, with endpoints chosen per unit', async () => {
    const tests = createSmokeTests({
      endpoints: (u) => [{ path: '/health', expectFields: { service: u.service } }, { path: '/broken' }],
    });
    const outcome = await tests(unit, url);
    expect(outcome.passed).toBe(false);
    expect(outcome.total).toBe(2);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]).toMatch(/^GET \/broken: .*500/);
  });

  it('runs a ProductionTester suite against the deployed URL', async () => {
    const tests = createSmokeTests({
      suite: () => ({ api: { endpoints: [{ path: '/health' }, { path: '/broken' }] } }),
    });
    const outcome = await tests(unit, url);
    expect(outcome.passed).toBe(false);
    expect(outcome.failures.some((f) => f.startsWith('GET /broken'))).toBe(true);
  });

  it('rejects options that cannot work', () => {
    expect(() => createSmokeTests({ endpoints: [], suite: () => ({ api: true }) })).toThrow(
      'smoke tests: give endpoints or suite, not both',
    );
    expect(() => createSmokeTests({ suite: 'x' as never })).toThrow('suite must be a function');
  });
});

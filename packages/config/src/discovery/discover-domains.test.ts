import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, ConfigErrorCode, defineConfig } from '../index.js';
import { discoverDomains, environmentOf, proposeEntries } from '../discovery.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const TOKEN = 'cf-test-token-SECRET-0123456789';

const ZONES = [
  { id: 'a'.repeat(32), name: 'example.com', status: 'active' },
  { id: 'b'.repeat(32), name: 'acme.com', status: 'active' },
  { id: 'c'.repeat(32), name: 'globex.co.uk', status: 'active' },
  { id: 'd'.repeat(32), name: 'old-site.net', status: 'moved' },
];

interface Seen {
  path: string;
  query: string;
  auth?: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let zonesStatus = 200;

function send(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({ path: url.pathname, query: url.search, auth: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(res, 403, {
        success: false,
        errors: [{ code: 10000, message: 'Authentication error' }],
        result: null,
      });
    }
    if (url.pathname === '/client/v4/zones') {
      if (zonesStatus !== 200) return send(res, zonesStatus, 'upstream exploded');
      if (url.searchParams.get('account.id') !== ACCOUNT)
        return send(res, 400, { success: false, errors: [{ message: 'bad account' }] });
      const page = Number(url.searchParams.get('page'));
      const perPage = Number(url.searchParams.get('per_page'));
      // Two zones per page regardless of per_page, to exercise pagination.
      const size = Math.min(perPage, 2);
      return send(res, 200, {
        success: true,
        errors: [],
        result: ZONES.slice((page - 1) * size, page * size),
        result_info: {
          page,
          per_page: size,
          total_pages: Math.ceil(ZONES.length / size),
          total_count: ZONES.length,
        },
      });
    }
    if (url.pathname === `/client/v4/accounts/${ACCOUNT}/workers/scripts`) {
      return send(res, 200, {
        success: true,
        result: [
          { id: 'users', modified_on: '2026-01-01T00:00:00Z' },
          { id: 'users-staging' },
          { id: 'users-acme' },
          { id: 'users-acme-staging' },
        ],
      });
    }
    const routes: Record<string, { pattern: string; script: string }[]> = {
      [ZONES[0]!.id]: [
        { pattern: 'api.example.com/*', script: 'users' },
        { pattern: 'staging-api.example.com/*', script: 'users-staging' },
      ],
      [ZONES[1]!.id]: [{ pattern: 'api.acme.com/*', script: 'users-acme' }],
    };
    const match = /^\/client\/v4\/zones\/([0-9a-f]{32})\/workers\/routes$/.exec(url.pathname);
    if (match) {
      if (match[1] === ZONES[2]!.id)
        return send(res, 403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
      return send(res, 200, { success: true, result: routes[match[1]!] ?? [] });
    }
    return send(res, 404, { success: false, errors: [{ message: `no route ${url.pathname}` }] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a rejection');
}

describe('discoverDomains against a loopback Cloudflare API', () => {
  test('lists zones (all pages), workers and routes, and proposes entries that validate', async () => {
    seen.length = 0;
    const found = await discoverDomains({ apiBaseUrl: base, token: TOKEN, accountId: ACCOUNT });
    expect(found.zones.map((z) => z.name)).toEqual([
      'example.com',
      'acme.com',
      'globex.co.uk',
      'old-site.net',
    ]);
    expect(found.workers.map((w) => w.name)).toEqual([
      'users',
      'users-staging',
      'users-acme',
      'users-acme-staging',
    ]);
    expect(found.routes).toContainEqual({
      zone: 'acme.com',
      pattern: 'api.acme.com/*',
      script: 'users-acme',
    });
    expect(found.warnings).toEqual([
      expect.stringMatching(/^routes of globex\.co\.uk could not be read: answered 403/),
    ]);
    expect(
      seen.filter((s) => s.path === '/client/v4/zones').map((s) => new URLSearchParams(s.query).get('page')),
    ).toEqual(['1', '2']);
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);

    expect(found.proposal).toEqual({
      domain: 'example.com',
      environments: { production: { domain: 'example.com' }, staging: { domain: 'example.com' } },
      customers: [
        { name: 'acme', domain: 'acme.com', zoneId: 'b'.repeat(32) },
        { name: 'globex', domain: 'globex.co.uk', zoneId: 'c'.repeat(32) },
      ],
    });
    // The proposal drops straight into a config.
    const config = defineConfig({
      account: { id: ACCOUNT },
      domain: found.proposal.domain,
      environments: found.proposal.environments,
      services: [{ name: 'users', path: 'services/users' }],
      customers: [...found.proposal.customers],
    });
    expect(config.customers.map((c) => c.name)).toEqual(['acme', 'globex']);
  });

  test('primaryZone picks the project domain', async () => {
    const found = await discoverDomains({
      apiBaseUrl: base,
      token: TOKEN,
      accountId: ACCOUNT,
      primaryZone: 'acme.com',
    });
    expect(found.proposal.domain).toBe('acme.com');
    expect(found.proposal.customers.map((c) => c.domain)).toEqual(['example.com', 'globex.co.uk']);
  });

  test('a rejected token → DISCOVERY_FAILED naming the request, with a hint, never the token', async () => {
    const wrong = 'wrong-token-ALSO-SECRET';
    const error = await rejection(discoverDomains({ apiBaseUrl: base, token: wrong, accountId: ACCOUNT }));
    expect(error.code).toBe(ConfigErrorCode.DISCOVERY_FAILED);
    expect(error.problems[0]).toMatchObject({
      path: 'GET /zones',
      message: 'answered 403: Authentication error (code 10000)',
    });
    expect(error.problems[0]!.hint).toMatch(/Zone:Read/);
    expect(JSON.stringify({ m: error.message, p: error.problems })).not.toContain(wrong);
  });

  test('a body that is not JSON, and an unreachable API', async () => {
    zonesStatus = 502;
    try {
      const error = await rejection(discoverDomains({ apiBaseUrl: base, token: TOKEN, accountId: ACCOUNT }));
      expect(error.problems[0]!.message).toBe('answered 502 with a body that is not JSON');
    } finally {
      zonesStatus = 200;
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(
      discoverDomains({ apiBaseUrl: `http://127.0.0.1:${port}`, token: TOKEN, accountId: ACCOUNT }),
    );
    expect(error.problems[0]!.message).toMatch(/^request failed: .*ECONNREFUSED/);
    expect(error.message).not.toContain(TOKEN);
  });

  test('bad arguments are named', async () => {
    await expect(discoverDomains({ token: '', accountId: ACCOUNT })).rejects.toThrow(/token: is required/);
    await expect(discoverDomains({ token: TOKEN, accountId: 'acct' })).rejects.toThrow(/accountId: must be/);
  });
});

describe('proposeEntries', () => {
  test('environment from worker names and host labels', () => {
    expect(environmentOf('users')).toBe('production');
    expect(environmentOf('users-acme-staging')).toBe('staging');
    expect(environmentOf('staging-api')).toBe('staging');
    expect(environmentOf('dev-api')).toBe('dev');
  });

  test('no zones → no domain, environments from workers only', () => {
    expect(proposeEntries({ zones: [], workers: [{ name: 'api-qa' }], routes: [] })).toEqual({
      environments: { qa: {} },
      customers: [],
    });
  });
});

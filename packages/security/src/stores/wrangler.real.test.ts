import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateJwtSecret } from '../secrets/generate.js';
import { type CommandRunner, createProcessRunner } from './command-runner.js';
import { rotateSecret } from './rotation.js';
import { WranglerSecretStore } from './wrangler.js';

// The real wrangler 4.164.0, talking to a loopback stand-in for the Cloudflare API.
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const WORKER = 'orders-acme';
let server: Server;
let home: string;
let runner: CommandRunner;
const requests: { method: string; path: string; auth: string | undefined; body: string }[] = [];
const secrets = new Map<string, string>();
const argvSeen: string[][] = [];

function reply(res: import('node:http').ServerResponse, status: number, result: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  const ok = status < 400;
  res.end(
    JSON.stringify({
      success: ok,
      result: ok ? result : null,
      errors: ok ? [] : [{ code: 10007, message: String(result) }],
      messages: [],
    }),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'clodo-wrangler-home-'));
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: url.pathname, auth: req.headers.authorization, body });
    const base = `/client/v4/accounts/${ACCOUNT}/workers/scripts/${WORKER}`;
    if (url.pathname === `${base}/secrets` && req.method === 'GET') {
      return reply(
        res,
        200,
        [...secrets.keys()].map((name) => ({ name, type: 'secret_text' })),
      );
    }
    if (url.pathname === `${base}/secrets` && req.method === 'PUT') {
      const { name, text } = JSON.parse(body) as { name: string; text: string };
      secrets.set(name, text);
      return reply(res, 200, { name, type: 'secret_text' });
    }
    if (url.pathname.startsWith(`${base}/secrets/`) && req.method === 'DELETE') {
      secrets.delete(decodeURIComponent(url.pathname.slice(`${base}/secrets/`.length)));
      return reply(res, 200, null);
    }
    if (url.pathname === `${base}/secrets-bulk` && req.method === 'PATCH') {
      const patch = JSON.parse(body) as { secrets: Record<string, { text: string } | null> };
      for (const [name, entry] of Object.entries(patch.secrets)) {
        if (entry === null) secrets.delete(name);
        else secrets.set(name, entry.text);
      }
      return reply(res, 200, {});
    }
    return reply(res, 404, `no stand-in for ${req.method} ${url.pathname}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const wranglerPackage = createRequire(import.meta.url).resolve('wrangler/package.json');
  const wranglerBin = join(dirname(wranglerPackage), 'bin', 'wrangler.js');
  const processRunner = createProcessRunner(process.execPath, {
    baseArgs: [wranglerBin],
    cwd: home,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${port}/client/v4`,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      NO_COLOR: '1',
    },
    timeoutMs: 60_000,
  });
  runner = {
    run(args, options) {
      argvSeen.push(args);
      return processRunner.run(args, options);
    },
  };
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(home, { recursive: true, force: true });
});

describe('WranglerSecretStore with the real wrangler', () => {
  it('puts, bulk-sets, lists, rotates and deletes; values reach the API only through stdin', async () => {
    const store = new WranglerSecretStore({
      runner,
      workerName: WORKER,
      env: { CLOUDFLARE_API_TOKEN: 'test-api-token', CLOUDFLARE_ACCOUNT_ID: ACCOUNT },
    });
    const jwt = generateJwtSecret();
    const padded = `${generateJwtSecret()}  `;
    await store.set('JWT_SECRET', jwt);
    await store.setMany({ API_KEY: 'orders_1111', PADDED: padded });
    expect(await store.list()).toEqual(['API_KEY', 'JWT_SECRET', 'PADDED']);
    expect(secrets.get('JWT_SECRET')).toBe(jwt);
    expect(secrets.get('PADDED')).toBe(padded);

    const rotation = await rotateSecret(store, 'JWT_SECRET', generateJwtSecret, { currentValue: jwt });
    expect(secrets.get('JWT_SECRET')).toBe(rotation.value);
    expect(secrets.get('JWT_SECRET_PREVIOUS')).toBe(jwt);
    await rotation.complete();
    expect([...secrets.keys()].sort()).toEqual(['API_KEY', 'JWT_SECRET', 'PADDED']);

    await store.delete('PADDED');
    expect(await store.list()).toEqual(['API_KEY', 'JWT_SECRET']);

    expect(requests.every((r) => r.auth === 'Bearer test-api-token')).toBe(true);
    expect(requests.some((r) => r.method === 'PUT' && r.body.includes(jwt))).toBe(true);
    const argv = JSON.stringify(argvSeen);
    for (const value of [jwt, padded.trim(), rotation.value, 'orders_1111'])
      expect(argv).not.toContain(value);
    // Wrangler keeps debug logs under its config directory; the values must not be there either.
    const logs = readdirSync(home, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(home, f)).isFile())
      .map((f) => readFileSync(join(home, f), 'utf8'))
      .join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const value of [jwt, padded.trim(), rotation.value, 'orders_1111'])
      expect(logs).not.toContain(value);
  }, 120_000);

  it('turns a wrangler failure into one redacted line', async () => {
    const store = new WranglerSecretStore({
      runner,
      workerName: 'unknown-worker',
      env: { CLOUDFLARE_API_TOKEN: 'test-api-token', CLOUDFLARE_ACCOUNT_ID: ACCOUNT },
    });
    const error = await store.list().catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'SECRET_STORE_FAILED' });
    expect((error as Error).message).toMatch(
      /^wrangler could not list secrets \(exit 1\): ✘ \[ERROR\] Worker "unknown-worker" not found\. \| If this is a new Worker/,
    );
    expect((error as Error).message).not.toContain('\n');
  }, 60_000);
});

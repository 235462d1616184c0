import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { CloudflareRestApi } from './rest-api.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

type Handler = (
  req: IncomingMessage,
  body: string,
) => { status: number; body: unknown; headers?: Record<string, string> };

async function api(handler: Handler, waits: number[] = []) {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const reply = handler(req, body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const clock: Clock = { now: () => 0, sleep: async (ms) => void waits.push(ms) };
  return new CloudflareRestApi({
    target: {
      kind: 'local',
      apiBaseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/client/v4`,
      accountId: ACCOUNT,
      apiToken: 'api-token-value',
    },
    clock,
    random: () => 1,
    retry: { baseDelayMs: 100 },
  });
}

describe('CloudflareRestApi', () => {
  it('reads deployments with the bearer token, latest first as the API returns them', async () => {
    const seen: string[] = [];
    const client = await api((req) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      return {
        status: 200,
        body: {
          success: true,
          result: {
            deployments: [
              {
                id: 'd2',
                created_on: '2026-11-24T10:00:00Z',
                versions: [{ version_id: 'v2', percentage: 100 }],
                annotations: { 'workers/message': 'rollback' },
              },
            ],
          },
        },
      };
    });
    expect(await client.listDeployments('api')).toEqual([
      {
        id: 'd2',
        createdOn: '2026-11-24T10:00:00Z',
        versions: [{ versionId: 'v2', percentage: 100 }],
        message: 'rollback',
      },
    ]);
    expect(seen).toEqual([
      `GET /client/v4/accounts/${ACCOUNT}/workers/scripts/api/deployments Bearer api-token-value`,
    ]);
  });

  it('treats an unknown worker as having no secrets', async () => {
    const client = await api(() => ({
      status: 404,
      body: {
        success: false,
        errors: [{ code: 10007, message: 'This Worker does not exist on your account.' }],
      },
    }));
    expect(await client.listSecretNames('nope')).toEqual([]);
  });

  it('retries a 429 with backoff, honouring Retry-After, then succeeds', async () => {
    let calls = 0;
    const waits: number[] = [];
    const client = await api((_req, body) => {
      calls++;
      if (calls === 1) {
        return {
          status: 429,
          body: { success: false, errors: [{ code: 971, message: 'throttled' }] },
          headers: { 'retry-after': '2' },
        };
      }
      return { status: 200, body: { success: true, result: { uuid: 'u-1', name: JSON.parse(body).name } } };
    }, waits);
    expect(await client.createD1Database('api-db')).toEqual({ uuid: 'u-1', name: 'api-db' });
    expect(calls).toBe(2);
    expect(waits).toEqual([2000]);
  });

  it("fails with the API's own message otherwise", async () => {
    const client = await api(() => ({
      status: 400,
      body: {
        success: false,
        errors: [{ code: 7500, message: 'no such table: d1_migrations: SQLITE_ERROR' }],
      },
    }));
    await expect(client.queryD1('u-1', 'SELECT name FROM d1_migrations')).rejects.toMatchObject({
      code: 'API_FAILED',
      message:
        'POST /d1/database/u-1/query failed with HTTP 400: no such table: d1_migrations: SQLITE_ERROR [code: 7500]',
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type ClodoLike, startClodoLike } from '../__fixtures__/clodo-like.js';
import { sendJson, startServer } from '../__fixtures__/server.js';
import { isTesterError } from '../errors.js';
import { ApiTester } from './api-tester.js';

const KEY = 'sk_live_api_tester_secret_0123456789';
let service: ClodoLike | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('ApiTester', () => {
  it('discovers endpoints from /health and the manifest and checks each', async () => {
    service = await startClodoLike({ apiKey: KEY, manifestAuth: true });
    const result = await new ApiTester({ baseUrl: service.url, credentials: { apiKey: KEY } }).run();
    expect(result.discovered).toEqual({
      service: 'users',
      version: '1.0.0',
      resources: ['users'],
      routes: 4,
    });
    expect(result.endpoints.map((e) => e.name)).toEqual([
      'GET /health',
      'GET /.well-known/clodo',
      'list users',
      'GET /api/stats',
    ]);
    expect(result.passed).toBe(true);
    expect(result.endpoints.every((e) => e.status === 200 && e.latencyMs > 0)).toBe(true);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('without credentials expects protected lists to answer 401, and says why discovery fails', async () => {
    service = await startClodoLike({ apiKey: KEY });
    const open = await new ApiTester({ baseUrl: service.url }).run();
    expect(open.passed).toBe(true);
    expect(open.endpoints.find((e) => e.name === 'list users')?.status).toBe(401);

    await service.close();
    service = await startClodoLike({ apiKey: KEY, manifestAuth: true });
    await expect(new ApiTester({ baseUrl: service.url }).run()).rejects.toThrow(/answered 401.*credentials/);
  });

  it('reports status, content type and shape failures per endpoint', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('hi');
      }
      if (req.url === '/bad') return sendJson(res, 500, { success: false });
      sendJson(res, 200, { success: true, data: [{ id: 1 }, { id: 'x' }] });
    });
    try {
      const result = await new ApiTester({
        baseUrl: server.url,
        endpoints: [
          { path: '/ok', expectShape: { success: 'boolean', data: [{ id: 'number' }] } },
          { path: '/text' },
          { path: '/bad', expectShape: { success: 'boolean', data: 'array' } },
        ],
      }).run();
      expect(result.failed).toBe(3);
      expect(result.endpoints[0]?.failures).toEqual(['$.data[1].id: expected number, got string']);
      expect(result.endpoints[1]?.failures).toEqual(['content-type text/plain, expected application/json']);
      expect(result.endpoints[2]?.failures).toEqual(['status 500, expected 200', '$.data: missing']);
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection as a failed endpoint, not a crash', async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    const result = await new ApiTester({ baseUrl: url, endpoints: [{ path: '/x' }] }).run();
    expect(result.passed).toBe(false);
    expect(result.endpoints[0]?.failures[0]).toMatch(/^NETWORK: /);
  });

  it('rejects a bad base URL naming the field', async () => {
    await expect(new ApiTester({ baseUrl: 'ftp://x', endpoints: [] }).run()).rejects.toSatisfy(
      (e) => isTesterError(e) && (e as Error).message.startsWith('baseUrl:'),
    );
    await expect(new ApiTester({ baseUrl: 'http://u:p@127.0.0.1', endpoints: [] }).run()).rejects.toThrow(
      /must not carry credentials/,
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, sendJson, startServer } from '../__fixtures__/server.js';
import { HttpClient } from './client.js';
import { credentialHeaders, maskText, secretValues } from './credentials.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HttpClient', () => {
  it('reuses keep-alive connections, parses JSON and lower-cases headers', async () => {
    const sockets = new Set<unknown>();
    server = await startServer((req, res) => {
      sockets.add(req.socket);
      sendJson(res, 200, { path: req.url }, { 'X-Thing': 'yes' });
    });
    const client = new HttpClient({ baseUrl: `${server.url}/v1/`, connections: 1 });
    for (let i = 0; i < 5; i++) {
      const outcome = await client.request({ method: 'GET', path: `/items?i=${i}` });
      expect(outcome.ok && outcome.response.json).toEqual({ path: `/v1/items?i=${i}` });
      expect(outcome.ok && outcome.response.headers['x-thing']).toBe('yes');
    }
    expect(sockets.size).toBe(1);
    await client.close();
  });

  it('reports timeouts and aborts as such, within bounds', async () => {
    server = await startServer(() => undefined);
    const client = new HttpClient({ baseUrl: server.url, timeoutMs: 200 });
    const t0 = performance.now();
    const timedOut = await client.request({ method: 'GET', path: '/' });
    expect(timedOut.ok ? 'ok' : timedOut.failure.kind).toBe('TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(2000);
    const aborted = await client.request({
      method: 'GET',
      path: '/',
      signal: AbortSignal.timeout(50),
      timeoutMs: 5000,
    });
    expect(aborted.ok ? 'ok' : aborted.failure.kind).toBe('ABORTED');
    await client.close();
  });

  it('masks credential values', () => {
    const credentials = { apiKey: 'k-123', bearerToken: 'tok-456', headers: { Cookie: 'sid=789' } };
    expect(credentialHeaders(credentials)).toEqual({
      'x-api-key': 'k-123',
      authorization: 'Bearer tok-456',
      cookie: 'sid=789',
    });
    expect(maskText('key k-123 token tok-456 cookie sid=789', secretValues(credentials))).toBe(
      'key *** token *** cookie ***',
    );
  });
});

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_ERRORS } from '../errors.js';
import { type Emulator, startEmulator } from './emulator.js';

describe('emulator API edges', () => {
  let dir: string;
  let emulator: Emulator;
  const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? emulator.apiToken : init.token;
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${emulator.apiBaseUrl}${path}`, { ...init, headers });
  };
  const acct = () => `/accounts/${emulator.accountId}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-api-'));
    emulator = await startEmulator({ stateDir: join(dir, 'state') });
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('requires a bearer token', async () => {
    const missing = await api(`${acct()}/workers/scripts`, { token: null });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ success: false, errors: [{ code: 9106 }], result: null });
    const wrong = await api(`${acct()}/workers/scripts`, { token: 'not-the-token' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
    });
  });

  it('answers a foreign account like Cloudflare does', async () => {
    const other = await api('/accounts/0123456789abcdef0123456789abcdef/workers/scripts');
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ errors: [{ code: 10000 }] });
    const malformed = await api('/accounts/not-an-id/workers/scripts');
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { errors: { code: number; message: string }[] };
    expect(body.errors[0]?.code).toBe(7003);
    expect(body.errors[0]?.message).toContain('/client/v4/accounts/not-an-id/workers/scripts');
  });

  it('names an unimplemented route instead of pretending', async () => {
    const response = await api(`${acct()}/queues`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { success: boolean; errors: { code: number; message: string }[] };
    expect(body.success).toBe(false);
    expect(body.errors[0]?.message).toBe(
      `The clodo emulator does not implement POST /client/v4${acct()}/queues`,
    );
  });

  it('reports a missing worker with the code wrangler treats as "new worker"', async () => {
    const response = await api(`${acct()}/workers/services/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ code: 10007 }] });
  });

  it('rejects a bad upload and a bad deployment with the field named', async () => {
    const form = new FormData();
    form.set(
      'metadata',
      JSON.stringify({ main_module: 'index.js', bindings: [{ type: 'queue', name: 'Q' }] }),
    );
    form.set(
      'index.js',
      new Blob(['export default {}'], { type: 'application/javascript+module' }),
      'index.js',
    );
    const upload = await api(`${acct()}/workers/scripts/bad`, { method: 'PUT', body: form });
    expect(upload.status).toBe(400);
    expect(JSON.stringify(await upload.json())).toContain('Binding \\"Q\\" has type \\"queue\\"');

    const traversal = new FormData();
    traversal.set('metadata', JSON.stringify({ main_module: '../x.js' }));
    traversal.set(
      '../x.js',
      new Blob(['export default {}'], { type: 'application/javascript+module' }),
      '../x.js',
    );
    const escaped = await api(`${acct()}/workers/scripts/bad`, { method: 'PUT', body: traversal });
    expect(escaped.status).toBe(400);
  });

  it('refuses a script that workerd cannot start and keeps nothing of it', async () => {
    const form = new FormData();
    form.set('metadata', JSON.stringify({ main_module: 'index.js', compatibility_date: '2025-01-01' }));
    form.set(
      'index.js',
      new Blob(['export default { fetch( }'], { type: 'application/javascript+module' }),
      'index.js',
    );
    const response = await api(`${acct()}/workers/scripts/broken`, { method: 'PUT', body: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, errors: [{ code: 10021 }] });
    expect((await api(`${acct()}/workers/services/broken`)).status).toBe(404);
    expect(emulator.workers()).toEqual([]);
    expect(await readdir(join(dir, 'state', 'versions')).catch(() => [])).toEqual([]);
  }, 30_000);

  it('lists workers on the non-Cloudflare route', async () => {
    const response = await fetch(`${emulator.apiBaseUrl.replace('/client/v4', '')}/__clodo/workers`);
    expect(await response.json()).toEqual([]);
  });

  it('never lets two emulators share a state directory', async () => {
    await expect(startEmulator({ stateDir: join(dir, 'state') })).rejects.toMatchObject({
      code: EMULATOR_ERRORS.STATE_DIR_LOCKED,
    });
  });

  it('names bad options', async () => {
    await expect(startEmulator({ stateDir: join(dir, 'x'), port: 70000 })).rejects.toThrow(/port/);
    await expect(startEmulator({ stateDir: join(dir, 'x'), accountId: 'abc' })).rejects.toThrow(/accountId/);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../server/emulator.js';
import { DEPLOYMENT_EXPECTED_MS } from './rollout.js';

describe('deployment changes that arrive together', () => {
  let dir: string;
  let emulator: Emulator;

  const upload = (name: string, source: string) => {
    const form = new FormData();
    form.set('metadata', JSON.stringify({ main_module: 'index.js', compatibility_date: '2024-09-23' }));
    form.set('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
    return fetch(`${emulator.apiBaseUrl}/accounts/${emulator.accountId}/workers/scripts/${name}`, {
      method: 'PUT',
      body: form,
      headers: { authorization: `Bearer ${emulator.apiToken}` },
    });
  };
  const answering = (label: string) =>
    `export default { fetch() { return new Response(${JSON.stringify(label)}); } };`;
  const hit = async (name: string) => {
    const url = emulator.workerUrl(name);
    if (!url) return undefined;
    return (await fetch(url)).text();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-rollout-'));
    emulator = await startEmulator({ stateDir: join(dir, 'state') });
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs concurrent uploads in far fewer generations, each live when its request returns', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `svc-${i}`);
    const before = emulator.generationsStarted();
    const responses = await Promise.all(
      names.map(async (name) => {
        const response = await upload(name, answering(`hello from ${name}`));
        // Live by the time the API answers.
        return { status: response.status, served: await hit(name) };
      }),
    );
    for (const [i, name] of names.entries()) {
      expect(responses[i]).toEqual({ status: 200, served: `hello from ${name}` });
    }
    const used = emulator.generationsStarted() - before;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(4);
    expect(emulator.workers().map((w) => w.name)).toEqual(names);
  }, 60_000);

  const uploadVersion = async (name: string, source: string): Promise<string> => {
    const form = new FormData();
    form.set('metadata', JSON.stringify({ main_module: 'index.js', compatibility_date: '2024-09-23' }));
    form.set('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
    const response = await fetch(
      `${emulator.apiBaseUrl}/accounts/${emulator.accountId}/workers/scripts/${name}/versions`,
      { method: 'POST', body: form, headers: { authorization: `Bearer ${emulator.apiToken}` } },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: { id: string } }).result.id;
  };
  const deploy = async (name: string, versionId: string) => {
    const response = await fetch(
      `${emulator.apiBaseUrl}/accounts/${emulator.accountId}/workers/scripts/${name}/deployments`,
      {
        method: 'POST',
        body: JSON.stringify({
          strategy: 'percentage',
          versions: [{ version_id: versionId, percentage: 100 }],
        }),
        headers: { authorization: `Bearer ${emulator.apiToken}`, 'content-type': 'application/json' },
      },
    );
    // Live by the time the API answers.
    return { status: response.status, served: await hit(name) };
  };

  it('lets a deployment wait briefly for that of a version uploaded just before, sharing a generation', async () => {
    const first = await uploadVersion('svc-5', answering('v2 of svc-5'));
    const second = await uploadVersion('svc-6', answering('v2 of svc-6'));
    const before = emulator.generationsStarted();
    // The second deployment comes later than a generation takes to begin, as a busy wrangler's might.
    const results = await Promise.all([
      deploy('svc-5', first),
      new Promise((resolve) => setTimeout(resolve, 300)).then(() => deploy('svc-6', second)),
    ]);
    expect(results).toEqual([
      { status: 200, served: 'v2 of svc-5' },
      { status: 200, served: 'v2 of svc-6' },
    ]);
    expect(emulator.generationsStarted() - before).toBe(1);
  }, 60_000);

  it('waits for an expected deployment only a bounded time', async () => {
    await uploadVersion('svc-7', answering('never deployed'));
    const version = await uploadVersion('svc-4', answering('v2 of svc-4'));
    const started = performance.now();
    expect(await deploy('svc-4', version)).toEqual({ status: 200, served: 'v2 of svc-4' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEPLOYMENT_EXPECTED_MS - 50);
    expect(await hit('svc-7')).toBe('hello from svc-7');
  }, 60_000);

  it('fails only the broken upload of a batch', async () => {
    const good = ['svc-0', 'svc-1', 'svc-2'];
    const results = await Promise.all([
      ...good.map((name) => upload(name, answering(`v2 of ${name}`))),
      upload('broken', 'throw new Error("cannot start"); export default {};'),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 400]);
    expect(JSON.stringify(await results[3]?.json())).toContain('workerd could not start');
    for (const name of good) expect(await hit(name)).toBe(`v2 of ${name}`);
    expect(await hit('svc-3')).toBe('hello from svc-3');
    expect(emulator.workerUrl('broken')).toBeUndefined();
    const missing = await fetch(
      `${emulator.apiBaseUrl}/accounts/${emulator.accountId}/workers/services/broken`,
      { headers: { authorization: `Bearer ${emulator.apiToken}` } },
    );
    expect(missing.status).toBe(404);
  }, 60_000);
});

describe('stopping while changes are on their way', () => {
  it('waits for them, so no workerd comes up after the stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-rollout-stop-'));
    const emulator = await startEmulator({ stateDir: join(dir, 'state') });
    try {
      const form = new FormData();
      form.set('metadata', JSON.stringify({ main_module: 'index.js', compatibility_date: '2024-09-23' }));
      form.set(
        'index.js',
        new Blob(['export default { fetch() { return new Response("late"); } };'], {
          type: 'application/javascript+module',
        }),
        'index.js',
      );
      const upload = fetch(`${emulator.apiBaseUrl}/accounts/${emulator.accountId}/workers/scripts/late`, {
        method: 'PUT',
        body: form,
        headers: { authorization: `Bearer ${emulator.apiToken}` },
      }).catch(() => undefined);
      while (emulator.generationsStarted() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await emulator.stop();
      await upload;
      // Long enough for a generation started before the stop to have come up.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(emulator.workers()).toEqual([]);
    } finally {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

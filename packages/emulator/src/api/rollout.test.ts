import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../server/emulator.js';

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

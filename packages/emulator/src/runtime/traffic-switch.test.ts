import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../internal/testing/api-client.js';
import { type Emulator, startEmulator } from '../server/emulator.js';

const worker = (label: string) => `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/slow') await new Promise((r) => setTimeout(r, 1500));
    const label = ${JSON.stringify(label)};
    if (url.pathname === '/peer') {
      const peer = await env.PEER.fetch('http://peer/');
      return new Response(label + '>' + (await peer.text()), { status: peer.status });
    }
    return new Response(label);
  },
};`;

describe('switching versions', () => {
  let dir: string;
  let emulator: Emulator;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-switch-'));
    emulator = await startEmulator({ stateDir: join(dir, 'state') });
    api = apiClient(emulator);
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const get = async (path = '/') => (await fetch(`${emulator.workerUrl('app')}${path}`)).text();

  it('finishes a request in flight on the old version while new ones reach the new version', async () => {
    await api.putScript('app', worker('v1'));
    expect(await get()).toBe('v1');
    const v2 = await api.uploadVersion('app', worker('v2'));
    const inFlight = get('/slow');
    await new Promise((r) => setTimeout(r, 200));
    await api.deploy('app', [{ version_id: v2, percentage: 100 }]);
    expect(await get()).toBe('v2');
    expect(await inFlight).toBe('v1');
  }, 60_000);

  it('splits traffic between two versions of a gradual deployment', async () => {
    const versions = (await api.call('GET', '/workers/scripts/app/versions')).items as { id: string }[];
    const [v2, v1] = versions.map((v) => v.id);
    await api.deploy('app', [
      { version_id: v1 as string, percentage: 50 },
      { version_id: v2 as string, percentage: 50 },
    ]);
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(await get());
    expect([...seen].sort()).toEqual(['v1', 'v2']);
  }, 60_000);

  it('routes by the deployment percentages and counts what each version answered', async () => {
    await api.putScript('weighted', worker('old'));
    const fails = await api.uploadVersion(
      'weighted',
      worker('new').replace('return new Response(label);', 'return new Response(label, { status: 500 });'),
    );
    const old = (await api.call('GET', '/workers/scripts/weighted/deployments')).deployments as {
      versions: { version_id: string }[];
    }[];
    const oldId = old[0]?.versions[0]?.version_id as string;
    await api.deploy('weighted', [
      { version_id: oldId, percentage: 80 },
      { version_id: fails, percentage: 20 },
    ]);
    const before = emulator.traffic('weighted');
    const url = emulator.workerUrl('weighted');
    const bodies = { old: 0, new: 0 };
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${url}/`);
      statuses.push(res.status);
      bodies[(await res.text()) as 'old' | 'new']++;
    }
    const after = emulator.traffic('weighted');
    const delta = (id: string, key: 'requests' | 'errors') =>
      (after.find((t) => t.versionId === id)?.[key] ?? 0) -
      (before.find((t) => t.versionId === id)?.[key] ?? 0);
    // The counters agree with what the client saw, request for request.
    expect(delta(oldId, 'requests')).toBe(bodies.old);
    expect(delta(fails, 'requests')).toBe(bodies.new);
    expect(delta(fails, 'errors')).toBe(bodies.new);
    expect(delta(oldId, 'errors')).toBe(0);
    expect(statuses.filter((s) => s === 500).length).toBe(bodies.new);
    // 20 % of 300 is 60 (standard deviation about 7): far outside 25..100 means routing ignores weights.
    expect(bodies.new).toBeGreaterThan(25);
    expect(bodies.new).toBeLessThan(100);
    const viaHttp = (await (
      await fetch(`http://127.0.0.1:${emulator.port}/__clodo/traffic/weighted`)
    ).json()) as unknown;
    expect(viaHttp).toEqual(after);
    const log = emulator.requestLog();
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) expect(entry.finishedAt).toBeGreaterThanOrEqual(entry.startedAt);
  }, 60_000);

  it('connects service bindings to the version the target serves now', async () => {
    await api.putScript('front', worker('front'), [{ type: 'service', name: 'PEER', service: 'back' }]);
    const frontUrl = emulator.workerUrl('front');
    expect(await (await fetch(`${frontUrl}/peer`)).status).toBe(503);
    await api.putScript('back', worker('back-v1'));
    expect(await (await fetch(`${frontUrl}/peer`)).text()).toBe('front>back-v1');
  }, 60_000);

  it('rejects a deployment that does not add up', async () => {
    const versions = (await api.call('GET', '/workers/scripts/app/versions')).items as { id: string }[];
    await expect(
      api.deploy('app', [{ version_id: versions[0]?.id as string, percentage: 60 }]),
    ).rejects.toThrow(/add up to 100/);
    await expect(api.deploy('app', [{ version_id: 'nope', percentage: 100 }])).rejects.toThrow(/10210/);
  });
});

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

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWrangler } from '../internal/testing/run-wrangler.js';
import { type Emulator, startEmulator } from '../server/emulator.js';

describe('cron schedules', () => {
  let dir: string;
  let project: string;
  let emulator: Emulator;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${emulator.apiBaseUrl}/accounts/${emulator.accountId}/workers/scripts/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${emulator.apiToken}`, 'content-type': 'application/json' },
    });
  const deploy = async (crons: string[]) => {
    await writeFile(
      join(project, 'wrangler.json'),
      JSON.stringify({
        name: 'ticker',
        main: 'src/index.js',
        compatibility_date: '2024-09-23',
        triggers: { crons },
      }),
    );
    const result = await runWrangler(emulator, project, ['deploy']);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-schedules-'));
    project = join(dir, 'project');
    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(
      join(project, 'src', 'index.js'),
      'export default { fetch() { return new Response("tick"); }, scheduled() {} };',
    );
    emulator = await startEmulator({ stateDir: join(dir, 'state') });
  });
  afterAll(async () => {
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the schedules wrangler deploy sets, including an empty list', async () => {
    await deploy([]);
    expect(await (await api('ticker/schedules')).json()).toMatchObject({ result: { schedules: [] } });
    const stdout = await deploy(['*/5 * * * *', '0 3 * * MON']);
    expect(stdout).toContain('schedule: */5 * * * *');
    const listed = (await (await api('ticker/schedules')).json()) as {
      result: { schedules: { cron: string; created_on: string }[] };
    };
    expect(listed.result.schedules.map((s) => s.cron)).toEqual(['*/5 * * * *', '0 3 * * MON']);
    expect(await (await fetch(emulator.workerUrl('ticker') as string)).text()).toBe('tick');
  }, 120_000);

  it('names a bad cron and an unknown worker', async () => {
    const bad = await api('ticker/schedules', {
      method: 'PUT',
      body: JSON.stringify([{ cron: 'every minute' }]),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('schedules[0].cron');
    const notArray = await api('ticker/schedules', { method: 'PUT', body: '{"cron":"* * * * *"}' });
    expect(notArray.status).toBe(400);
    const unknown = await api('nope/schedules', { method: 'PUT', body: '[]' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errors: [{ code: 10007 }] });
  });
});

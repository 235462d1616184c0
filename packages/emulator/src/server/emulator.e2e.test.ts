import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWrangler } from '../internal/testing/run-wrangler.js';
import { type Emulator, startEmulator } from './emulator.js';

const WORKER = (label: string) => `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/kv') {
      await env.CACHE.put('k', 'v-' + ${JSON.stringify(label)});
      return new Response(await env.CACHE.get('k'));
    }
    let notes = null;
    try {
      notes = (await env.DB.prepare('SELECT body FROM notes ORDER BY id').all()).results.map((r) => r.body);
    } catch (error) {
      notes = 'no table';
    }
    return Response.json({
      label: ${JSON.stringify(label)},
      greeting: env.GREETING,
      hasSecret: env.API_KEY === 's3cret-value',
      notes,
    });
  },
};
`;

const SECRET = 's3cret-value';

describe('real wrangler against the emulator', () => {
  let dir: string;
  let project: string;
  let stateDir: string;
  let emulator: Emulator;
  let databaseId: string;
  let kvId: string;

  const wrangler = async (args: string[], stdin?: string) => {
    const result = await runWrangler(emulator, project, args, stdin === undefined ? {} : { stdin });
    if (result.code !== 0) {
      throw new Error(`wrangler ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
  };
  const hit = async (path = '/') => {
    const url = emulator.workerUrl('notes-api');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}${path}`);
    return path === '/' ? ((await response.json()) as Record<string, unknown>) : response.text();
  };
  const writeWorker = async (label: string) => {
    await writeFile(join(project, 'src', 'index.js'), WORKER(label));
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-e2e-'));
    project = join(dir, 'project');
    stateDir = join(dir, 'state');
    await mkdir(join(project, 'src'), { recursive: true });
    await mkdir(join(project, 'migrations'), { recursive: true });
    emulator = await startEmulator({ stateDir });
  });

  afterAll(async () => {
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a D1 database and a KV namespace', async () => {
    await wrangler(['d1', 'create', 'notes-db']);
    const list = JSON.parse(await wrangler(['d1', 'list', '--json'])) as { uuid: string; name: string }[];
    expect(list.map((d) => d.name)).toEqual(['notes-db']);
    databaseId = list[0]?.uuid as string;
    const info = await wrangler(['d1', 'info', 'notes-db']);
    expect(info).toContain(databaseId);

    await wrangler(['kv', 'namespace', 'create', 'notes-cache']);
    const namespaces = JSON.parse(await wrangler(['kv', 'namespace', 'list'])) as {
      id: string;
      title: string;
    }[];
    expect(namespaces).toHaveLength(1);
    kvId = namespaces[0]?.id as string;
  }, 60_000);

  it('deploys a worker with D1, KV and vars, then adds a secret', async () => {
    await writeWorker('v1');
    await writeFile(
      join(project, 'wrangler.json'),
      JSON.stringify({
        name: 'notes-api',
        main: 'src/index.js',
        compatibility_date: '2025-01-01',
        vars: { GREETING: 'hello' },
        d1_databases: [{ binding: 'DB', database_name: 'notes-db', database_id: databaseId }],
        kv_namespaces: [{ binding: 'CACHE', id: kvId }],
      }),
    );
    const out = await wrangler(['deploy']);
    expect(out).toContain('Current Version ID');
    expect(await hit()).toEqual({ label: 'v1', greeting: 'hello', hasSecret: false, notes: 'no table' });
    expect(await hit('/kv')).toBe('v-v1');

    await wrangler(['secret', 'put', 'API_KEY'], SECRET);
    expect(await hit()).toMatchObject({ label: 'v1', hasSecret: true });
    const secrets = JSON.parse(await wrangler(['secret', 'list', '--format', 'json'])) as { name: string }[];
    expect(secrets.map((s) => s.name)).toEqual(['API_KEY']);
  }, 90_000);

  it('applies a --remote migration the running worker sees at once', async () => {
    await writeFile(
      join(project, 'migrations', '0001_notes.sql'),
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\nINSERT INTO notes (body) VALUES ('first; note');\n",
    );
    await wrangler(['d1', 'migrations', 'apply', 'notes-db', '--remote']);
    expect(await hit()).toMatchObject({ notes: ['first; note'] });

    const rows = JSON.parse(
      await wrangler([
        'd1',
        'execute',
        'notes-db',
        '--remote',
        '--json',
        '--command',
        "INSERT INTO notes (body) VALUES ('second'); SELECT count(*) AS n FROM notes",
      ]),
    ) as { results: unknown[] }[];
    expect(rows.at(-1)?.results).toEqual([{ n: 2 }]);
    expect(await hit()).toMatchObject({ notes: ['first; note', 'second'] });

    await writeFile(join(dir, 'more.sql'), "INSERT INTO notes (body) VALUES ('third');");
    await wrangler(['d1', 'execute', 'notes-db', '--remote', '--yes', '--file', join(dir, 'more.sql')]);
    expect(await hit()).toMatchObject({ notes: ['first; note', 'second', 'third'] });

    const dump = join(dir, 'dump.sql');
    await wrangler(['d1', 'export', 'notes-db', '--remote', '--output', dump]);
    expect(await readFile(dump, 'utf8')).toContain('third');
  }, 120_000);

  it('uploads and deploys a second version, then rolls back', async () => {
    await writeWorker('v2');
    const uploaded = await wrangler(['versions', 'upload']);
    const versionId = /Worker Version ID: ([0-9a-f-]{36})/.exec(uploaded)?.[1];
    expect(versionId).toBeDefined();
    expect(await hit()).toMatchObject({ label: 'v1' });

    await wrangler(['versions', 'deploy', `${versionId}@100%`, '--yes']);
    expect(await hit()).toMatchObject({
      label: 'v2',
      hasSecret: true,
      notes: ['first; note', 'second', 'third'],
    });
    expect(emulator.workers()).toEqual([
      { name: 'notes-api', url: emulator.workerUrl('notes-api'), versionId },
    ]);

    await wrangler(['rollback', '--yes', '--message', 'back to v1']);
    expect(await hit()).toMatchObject({ label: 'v1', hasSecret: true });

    const listed = await wrangler(['versions', 'list', '--json']);
    expect(JSON.parse(listed)).toHaveLength(3);
  }, 120_000);

  it('keeps state across a restart on the same state directory', async () => {
    const before = emulator.workers();
    const url = emulator.workerUrl('notes-api');
    await emulator.stop();
    emulator = await startEmulator({ stateDir });
    expect(emulator.workers()).toEqual(before);
    expect(emulator.workerUrl('notes-api')).toBe(url);
    expect(await hit()).toMatchObject({
      label: 'v1',
      hasSecret: true,
      notes: ['first; note', 'second', 'third'],
    });
    expect(await hit('/kv')).toBe('v-v1');
    const secrets = JSON.parse(await wrangler(['secret', 'list', '--format', 'json'])) as { name: string }[];
    expect(secrets.map((s) => s.name)).toEqual(['API_KEY']);
  }, 90_000);

  it('was only ever called over loopback and never saw the secret in a logged path', () => {
    const log = emulator.requestLog();
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) {
      expect(entry.remoteAddress).toBe('127.0.0.1');
      expect(entry.path).not.toContain(SECRET);
    }
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../internal/testing/api-client.js';
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
    await Promise.all([
      wrangler(['d1', 'create', 'notes-db']),
      wrangler(['kv', 'namespace', 'create', 'notes-cache']),
    ]);
    const api = apiClient(emulator);
    const databases = (await api.call('GET', '/d1/database')) as unknown as { uuid: string; name: string }[];
    expect(databases.map((d) => d.name)).toEqual(['notes-db']);
    databaseId = databases[0]?.uuid as string;
    const namespaces = (await api.call('GET', '/storage/kv/namespaces')) as unknown as {
      id: string;
      title: string;
    }[];
    expect(namespaces).toHaveLength(1);
    kvId = namespaces[0]?.id as string;
    const [info, listed] = await Promise.all([
      wrangler(['d1', 'info', 'notes-db', '--json']),
      wrangler(['kv', 'namespace', 'list']),
    ]);
    expect(JSON.parse(info)).toMatchObject({ uuid: databaseId, name: 'notes-db' });
    expect(JSON.parse(listed)).toEqual([expect.objectContaining({ id: kvId, title: 'notes-cache' })]);
  }, 90_000);

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

    await writeFile(join(dir, 'more.sql'), "INSERT INTO notes (body) VALUES ('third');");
    await wrangler(['d1', 'execute', 'notes-db', '--remote', '--yes', '--file', join(dir, 'more.sql')]);
    expect(await hit()).toMatchObject({ notes: ['first; note', 'second', 'third'] });

    const dump = join(dir, 'dump.sql');
    await wrangler(['d1', 'export', 'notes-db', '--remote', '--output', dump]);
    const sql = await readFile(dump, 'utf8');
    expect(sql).toContain('CREATE TABLE notes');
    expect(sql).toContain('third');
  }, 120_000);

  it('redeploys, uploads and deploys a version, rotates secrets and rolls back', async () => {
    await writeWorker('v2');
    await wrangler(['deploy']);
    expect(await hit()).toMatchObject({
      label: 'v2',
      hasSecret: true,
      notes: ['first; note', 'second', 'third'],
    });

    await writeWorker('v3');
    const uploaded = await wrangler(['versions', 'upload']);
    const versionId = /Worker Version ID: ([0-9a-f-]{36})/.exec(uploaded)?.[1];
    expect(versionId).toBeDefined();
    expect(await hit()).toMatchObject({ label: 'v2' });
    await wrangler(['versions', 'deploy', `${versionId}@100%`, '--yes']);
    expect(await hit()).toMatchObject({ label: 'v3', hasSecret: true });
    expect(emulator.workers()).toEqual([
      { name: 'notes-api', url: emulator.workerUrl('notes-api'), versionId },
    ]);

    await writeFile(join(dir, 'secrets.json'), JSON.stringify({ API_KEY: 'rotated', OTHER: 'x' }));
    await wrangler(['secret', 'bulk', join(dir, 'secrets.json')]);
    expect(await hit()).toMatchObject({ label: 'v3', hasSecret: false });

    // The previous deployment ran with the old API_KEY: Cloudflare asks, --yes confirms (force).
    const rolledBack = await wrangler(['rollback', '--yes', '--message', 'undo rotation']);
    expect(rolledBack).toContain('API_KEY');
    expect(await hit()).toMatchObject({ label: 'v3', hasSecret: true });
    expect(emulator.workers()[0]?.versionId).toBe(versionId);
  }, 150_000);

  it('keeps state across a restart on the same state directory', async () => {
    const before = emulator.workers();
    const url = emulator.workerUrl('notes-api');
    await emulator.stop();
    emulator = await startEmulator({ stateDir });
    expect(emulator.workers()).toEqual(before);
    expect(emulator.workerUrl('notes-api')).toBe(url);
    expect(await hit()).toMatchObject({
      label: 'v3',
      hasSecret: true,
      notes: ['first; note', 'second', 'third'],
    });
    expect(await hit('/kv')).toBe('v-v3');
    const [secretList, versionList] = await Promise.all([
      wrangler(['secret', 'list', '--format', 'json']),
      wrangler(['versions', 'list', '--json']),
    ]);
    const secrets = JSON.parse(secretList) as { name: string }[];
    expect(secrets.map((s) => s.name)).toEqual(['API_KEY']);
    expect(JSON.parse(versionList)).toHaveLength(5);
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

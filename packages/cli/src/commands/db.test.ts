import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '../..');
const bin = process.env.CLODO_TEST_BIN ?? join(pkg, 'dist/bin.js');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/db-'));
let project: string;

function clodo(args: string[], cwd = project) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function json(args: string[]) {
  const res = clodo([...args, '--json']);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
}

beforeAll(() => {
  const created = clodo(['create', 'orders', '--type', 'data-service', '--yes', '--json'], work);
  expect(created.code, created.stderr).toBe(0);
  project = JSON.parse(created.stdout).dir;
  // The local target: the real emulator, as a background daemon serving this project's state.
  const started = clodo(['emulator', 'start', '--json']);
  expect(started.code, started.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (project) clodo(['emulator', 'stop']);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('clodo db', () => {
  it('lists the first migration as pending before the database exists', () => {
    expect(json(['db', 'status'])).toEqual({
      environment: 'development',
      target: 'local',
      databases: [
        {
          service: 'orders',
          binding: 'DB',
          database: 'orders-development',
          exists: false,
          databaseId: '',
          applied: [],
          pending: ['0001_init.sql'],
        },
      ],
    });
  }, 60_000);

  it('migrates through wrangler: creates the database, applies, then has nothing left to apply', () => {
    const first = json(['db', 'migrate']);
    expect(first.databases[0]).toMatchObject({
      database: 'orders-development',
      created: true,
      appliedNow: ['0001_init.sql'],
      pending: [],
    });
    const status = json(['db', 'status']).databases[0];
    expect(status).toMatchObject({ exists: true, applied: ['0001_init.sql'], pending: [] });
    const again = clodo(['db', 'migrate']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe('✓ orders-development: already up to date');
  }, 120_000);

  it('generates the next migration after a model change without touching the applied one', () => {
    const first = readFileSync(join(project, 'migrations/0001_init.sql'), 'utf8');
    const models = join(project, 'src/models.ts');
    writeFileSync(
      models,
      readFileSync(models, 'utf8').replace('fields: {', "fields: {\n    colour: { type: 'text' },"),
    );
    const generated = json(['db', 'generate']);
    expect(generated.migrations).toEqual([
      expect.objectContaining({ service: 'orders', file: 'migrations/0002_update.sql', models: ['items'] }),
    ]);
    expect(readFileSync(join(project, 'migrations/0001_init.sql'), 'utf8')).toBe(first);
    expect(readFileSync(join(project, 'migrations/0002_update.sql'), 'utf8')).toMatch(
      /ALTER TABLE "items" ADD COLUMN "colour"/,
    );
    expect(json(['db', 'generate']).migrations[0].file).toBeNull();
    expect(json(['db', 'status']).databases[0].pending).toEqual(['0002_update.sql']);
    expect(json(['db', 'migrate']).databases[0].appliedNow).toEqual(['0002_update.sql']);
  }, 120_000);

  it('backs the database up to a SQL file under .clodo/backups', () => {
    const { backups } = json(['db', 'backup']);
    expect(backups).toHaveLength(1);
    expect(backups[0].file).toMatch(/^\.clodo\/backups\/orders-development-.+\.sql$/);
    const dump = readFileSync(join(project, backups[0].file), 'utf8');
    expect(dump).toMatch(/CREATE TABLE[^;]*"?items"?/);
    expect(statSync(join(project, backups[0].file)).size).toBeGreaterThan(0);
    expect(readdirSync(join(project, '.clodo/backups'))).toHaveLength(1);
  }, 120_000);

  it('usage errors exit 2 with one line; a missing Cloudflare token is one line too (exit 1)', () => {
    const env = clodo(['db', 'status', '--env', 'qa']);
    expect(env.code).toBe(2);
    expect(env.stderr.trim()).toBe(
      'error unknown environment "qa"; this project has: development, staging, production',
    );
    const target = clodo(['db', 'migrate', '--target', 'mars']);
    expect(target.code).toBe(2);
    expect(clodo(['db', 'generate', '--models', '../elsewhere.ts']).code).toBe(2);
    expect(json(['db', 'generate', '--models', 'src/none.ts']).migrations[0]).toMatchObject({
      file: null,
      skipped: 'no models exported from src/none.ts',
    });
    // Cloudflare needs the token from the environment variable the config names; its absence is one line.
    const { CLOUDFLARE_API_TOKEN: _, ...noToken } = process.env;
    const cloud = spawnSync(process.execPath, [bin, 'db', 'status', '--target', 'cloudflare'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...noToken, NO_COLOR: '1' },
    });
    expect(cloud.status).toBe(1);
    expect(cloud.stderr.trim().split('\n')).toHaveLength(1);
    expect(cloud.stderr).toContain('CLOUDFLARE_API_TOKEN');
  }, 60_000);

  it('names the missing emulator instead of failing obscurely (exit 1)', () => {
    const other = mkdtempSync(join(work, 'no-emulator-'));
    const created = clodo(['create', 'lonely', '--type', 'data-service', '--yes', '--json'], other);
    const res = clodo(['db', 'status'], JSON.parse(created.stdout).dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/emulator not running .*`clodo emulator start`/);
  }, 60_000);
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../testing/memory-api.js';
import { ScriptedRunner } from '../testing/scripted-runner.js';
import { DeploymentAuditor } from '../audit/auditor.js';
import { MemoryAuditSink } from '../audit/memory-sink.js';
import type { Clock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { D1Migrator } from './d1-migrator.js';

const clock: Clock = { now: () => Date.parse('2026-11-24T12:00:00Z'), sleep: async () => {} };
let dir: string;
let configPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-d1-'));
  configPath = join(dir, 'wrangler.json');
  await writeFile(
    configPath,
    JSON.stringify({ name: 'api', d1_databases: [{ binding: 'DB', database_name: 'api-production' }] }),
  );
  await mkdir(join(dir, 'migrations'));
  await writeFile(join(dir, 'migrations', '0001_users.sql'), 'CREATE TABLE users (id INTEGER);');
  await writeFile(join(dir, 'migrations', '0002_posts.sql'), 'CREATE TABLE posts (id INTEGER);');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(replies: ConstructorParameters<typeof ScriptedRunner>[0]) {
  const api = new MemoryApi();
  const runner = new ScriptedRunner(replies);
  const sink = new MemoryAuditSink();
  const auditor = new DeploymentAuditor({ sink, redact: (v) => v, clock });
  const migrator = new D1Migrator({ runner, api, auditor, clock, backupDir: join(dir, 'backups') });
  return { api, runner, sink, migrator };
}

const context = { deploymentId: 'run-1', service: 'api', environment: 'production' };

describe('D1Migrator', () => {
  it('backs up an existing production database, then applies what is pending, audited', async () => {
    let api!: MemoryApi;
    const ctx = setup([
      async (command) => {
        await writeFile(command.args[command.args.indexOf('--output') + 1]!, '-- dump\n');
        return {};
      },
      async () => {
        api.applied.set(api.databases[0]!.uuid, ['0001_users.sql', '0002_posts.sql']);
        return {};
      },
    ]);
    api = ctx.api;
    const existing = await api.createD1Database('api-production');
    api.applied.set(existing.uuid, ['0001_users.sql']);
    const target = { context, databaseName: 'api-production', configPath, cwd: dir };
    const result = await ctx.migrator.migrate(target);
    expect(result).toEqual({
      databaseId: existing.uuid,
      migrationsDir: join(dir, 'migrations'),
      applied: ['0001_users.sql', '0002_posts.sql'],
      pending: [],
      created: false,
      appliedNow: ['0002_posts.sql'],
      backupPath: join(dir, 'backups', 'api-production-2026-11-24T12-00-00-000Z.sql'),
    });
    expect(JSON.parse(await readFile(configPath, 'utf8')).d1_databases[0].database_id).toBe(existing.uuid);
    expect(ctx.runner.commands.map((c) => c.args.slice(0, 4))).toEqual([
      ['d1', 'export', 'api-production', '--remote'],
      ['d1', 'migrations', 'apply', 'api-production'],
    ]);
    expect(ctx.sink.records.map((r) => `${r.seq} ${r.step} ${r.outcome}`)).toEqual([
      '1 d1.ensure started',
      '2 d1.ensure succeeded',
      '3 d1.backup started',
      '4 d1.backup succeeded',
      '5 d1.migrate started',
      '6 d1.migrate succeeded',
    ]);
    expect(ctx.sink.records[3]!.details.path).toBe(result.backupPath);
    expect(ctx.sink.records[5]!.details).toEqual({
      database: 'api-production',
      pending: ['0002_posts.sql'],
      applied: ['0002_posts.sql'],
      remaining: [],
    });

    // Second run: nothing pending, so no wrangler at all.
    const again = await ctx.migrator.migrate(target);
    expect(again).toMatchObject({ created: false, appliedNow: [], pending: [] });
    expect(ctx.runner.commands).toHaveLength(2);
  });

  it('creates a missing database once and records its id; a new, empty one needs no backup', async () => {
    let api!: MemoryApi;
    const ctx = setup([
      async () => {
        api.applied.set(api.databases[0]!.uuid, ['0001_users.sql', '0002_posts.sql']);
        return {};
      },
    ]);
    api = ctx.api;
    const result = await ctx.migrator.migrate({
      context,
      databaseName: 'api-production',
      configPath,
      cwd: dir,
    });
    expect(result).toMatchObject({ created: true, appliedNow: ['0001_users.sql', '0002_posts.sql'] });
    expect(result.backupPath).toBeUndefined();
    expect(api.creates).toBe(1);
    expect(JSON.parse(await readFile(configPath, 'utf8')).d1_databases[0].database_id).toBe(
      result.databaseId,
    );
    expect(ctx.runner.commands.map((c) => c.args.slice(0, 3))).toEqual([['d1', 'migrations', 'apply']]);
  });

  it('refuses a production migration when the backup fails', async () => {
    const ctx = setup([
      new DeploymentError(DEPLOYMENT_ERRORS.WRANGLER_FAILED, 'wrangler d1 export failed: export unavailable'),
    ]);
    await ctx.api.createD1Database('api-production');
    await expect(
      ctx.migrator.migrate({
        context,
        databaseName: 'api-production',
        configPath,
        cwd: dir,
        production: true,
      }),
    ).rejects.toMatchObject({
      code: 'BACKUP_FAILED',
      message:
        'backup of api-production failed, so it was not migrated: wrangler d1 export failed: export unavailable',
    });
    expect(ctx.runner.commands).toHaveLength(1);
    expect(ctx.sink.records.at(-1)).toMatchObject({ step: 'd1.backup', outcome: 'failed' });
  });

  it('creates the database only once under concurrent calls', async () => {
    const ctx = setup([]);
    const target = { context, databaseName: 'api-production', configPath, cwd: dir };
    await Promise.all([ctx.migrator.ensureDatabase(target), ctx.migrator.ensureDatabase(target)]);
    expect(ctx.api.creates).toBe(1);
  });

  it('reports status and flags migrations applied but missing from the folder', async () => {
    const ctx = setup([]);
    const target = { context, databaseName: 'api-production', configPath, cwd: dir };
    const db = await ctx.api.createD1Database('api-production');
    ctx.api.applied.set(db.uuid, ['0001_users.sql']);
    expect(await ctx.migrator.status(target)).toMatchObject({
      applied: ['0001_users.sql'],
      pending: ['0002_posts.sql'],
    });
    ctx.api.applied.set(db.uuid, ['0001_users.sql', '0001_old.sql']);
    await expect(ctx.migrator.status(target)).rejects.toMatchObject({
      code: 'MIGRATIONS_INCONSISTENT',
      message: `api-production has applied migrations missing from ${join(dir, 'migrations')}: 0001_old.sql`,
    });
  });

  it('reads a relative configPath from the target cwd', async () => {
    const ctx = setup([]);
    const target = { context, databaseName: 'api-production', configPath: 'wrangler.json', cwd: dir };
    const db = await ctx.api.createD1Database('api-production');
    ctx.api.applied.set(db.uuid, ['0001_users.sql']);
    expect(await ctx.migrator.status(target)).toMatchObject({
      migrationsDir: join(dir, 'migrations'),
      pending: ['0002_posts.sql'],
    });
    await ctx.migrator.ensureDatabase(target);
    expect(JSON.parse(await readFile(configPath, 'utf8')).d1_databases[0].database_id).toBe(db.uuid);
  });
});

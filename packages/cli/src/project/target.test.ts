import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, stopDaemon } from '@clodo/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type Project } from './load.js';
import { openTarget, parseTargetKind, writeUnitWranglerConfig } from './target.js';

const pkg = join(import.meta.dirname, '../..');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/target-'));
let project: Project;

beforeAll(async () => {
  writeFileSync(
    join(work, 'clodo.config.json'),
    JSON.stringify({
      account: { id: '0123456789abcdef0123456789abcdef', apiTokenEnv: 'TEST_CF_TOKEN' },
      domain: 'example.com',
      environments: { development: { target: 'local' }, production: { target: 'cloudflare' } },
      services: [{ name: 'orders', path: 'services/orders', features: { d1: [{ binding: 'DB' }] } }],
    }),
  );
  project = await loadProject(work);
});

afterAll(async () => {
  await stopDaemon(join(work, '.clodo/emulator')).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

describe('parseTargetKind', () => {
  it('defaults to local and rejects anything but local|cloudflare as a usage error', () => {
    expect(parseTargetKind(undefined)).toBe('local');
    expect(parseTargetKind('cloudflare')).toBe('cloudflare');
    expect(parseTargetKind(undefined, 'cloudflare')).toBe('cloudflare');
    expect(parseTargetKind('local', 'cloudflare')).toBe('local');
    expect(() => parseTargetKind('aws')).toThrow(/--target must be one of local, cloudflare \(got "aws"\)/);
    try {
      parseTargetKind('aws');
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('writeUnitWranglerConfig', () => {
  it('writes .clodo/wrangler/<worker>.json with paths relative to it and keeps recorded D1 ids', async () => {
    const local = { kind: 'local' as const, accountId: 'c10d0c10d0c10d0c10d0c10d0c10d0c1' };
    const unit = await writeUnitWranglerConfig(
      project,
      { service: 'orders', environment: 'production' },
      local,
    );
    expect(unit).toMatchObject({
      workerName: 'orders',
      configPath: join(work, '.clodo/wrangler/orders.json'),
      cwd: join(work, 'services/orders'),
      databaseName: 'orders',
      databases: { DB: 'orders' },
    });
    const first = JSON.parse(readFileSync(unit.configPath, 'utf8'));
    expect(first).toMatchObject({
      name: 'orders',
      main: '../../services/orders/src/index.ts',
      account_id: local.accountId,
      routes: [],
      workers_dev: true,
    });
    expect(first.d1_databases[0]).toMatchObject({
      database_name: 'orders',
      migrations_dir: '../../services/orders/migrations',
    });
    first.d1_databases[0].database_id = 'db-uuid-1';
    writeFileSync(unit.configPath, JSON.stringify(first));

    await writeUnitWranglerConfig(project, { service: 'orders', environment: 'production' }, local);
    expect(JSON.parse(readFileSync(unit.configPath, 'utf8')).d1_databases[0].database_id).toBe('db-uuid-1');

    const cloud = await writeUnitWranglerConfig(
      project,
      { service: 'orders', environment: 'production' },
      { kind: 'cloudflare', accountId: '0123456789abcdef0123456789abcdef' },
    );
    const json = JSON.parse(readFileSync(cloud.configPath, 'utf8'));
    expect(json.account_id).toBe('0123456789abcdef0123456789abcdef');
    expect(json.routes).toEqual([{ pattern: 'api.example.com/*', zone_name: 'example.com' }]);
  });

  it('names the unknown service and the known ones', async () => {
    await expect(
      writeUnitWranglerConfig(
        project,
        { service: 'nope', environment: 'development' },
        { kind: 'local', accountId: 'x' },
      ),
    ).rejects.toThrow('unknown service "nope"; this project has: orders');
  });
});

describe('openTarget', () => {
  it('cloudflare: names the missing token variable, never reads argv', async () => {
    await expect(openTarget(project, { target: 'cloudflare', env: {} })).rejects.toThrow(
      /environment variable TEST_CF_TOKEN is not set/,
    );
    const opened = await openTarget(project, { target: 'cloudflare', env: { TEST_CF_TOKEN: 'tok-123' } });
    expect(opened.target).toMatchObject({
      kind: 'cloudflare',
      accountId: '0123456789abcdef0123456789abcdef',
    });
    expect(await opened.workerUrl('orders')).toBeUndefined();
  });

  it("without --target, follows the environment's configured target", async () => {
    await expect(openTarget(project, { environment: 'production', env: {} })).rejects.toThrow(
      /environment variable TEST_CF_TOKEN is not set/,
    );
    const opened = await openTarget(project, { environment: 'production', env: { TEST_CF_TOKEN: 't' } });
    expect(opened.kind).toBe('cloudflare');
    await expect(openTarget(project, { environment: 'development', env: {} })).rejects.toThrow(
      /emulator not running/,
    );
  });

  it('local: says how to start the emulator when it is not running, then uses the running daemon', async () => {
    await expect(openTarget(project, { env: {} })).rejects.toThrow(
      /emulator not running for .*\.clodo\/emulator; start it with `clodo emulator start`/,
    );
    const info = await startDaemon({ stateDir: join(work, '.clodo/emulator') });
    const opened = await openTarget(project, { target: 'local', env: {} });
    expect(opened.target).toMatchObject({
      kind: 'local',
      apiBaseUrl: info.apiBaseUrl,
      accountId: info.accountId,
    });
    expect(await opened.toolkit.api.listDeployments('orders')).toEqual([]);
    expect(await opened.workerUrl('orders')).toBeUndefined();
    expect(opened.target.workerUrl?.('orders')).toBeUndefined();
    expect(await opened.target.traffic?.('orders')).toEqual([]);
  }, 90_000);
});

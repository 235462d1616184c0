import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleConfig as config } from '../__fixtures__/sample-config.js';
import {
  generateWranglerConfig,
  generateWranglerConfigWithEnvironments,
  kvNamespaceTitle,
  writeWranglerConfig,
} from '../wrangler.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const OTHER_ACCOUNT = 'fedcba9876543210fedcba9876543210';

describe('generateWranglerConfig', () => {
  test('one unit, every binding written out with derived names', () => {
    const w = generateWranglerConfig(config, {
      service: 'users',
      environment: 'staging',
      customer: 'acme',
      ids: { d1: { 'users-acme-staging': 'd1-id-1' }, kv: { 'users-sessions-acme-staging': 'kv-id-1' } },
    });
    expect(w).toEqual({
      name: 'users-acme-staging',
      main: 'src/index.ts',
      account_id: OTHER_ACCOUNT,
      compatibility_date: '2025-06-01',
      compatibility_flags: ['nodejs_compat'],
      workers_dev: false,
      vars: {
        LOG_LEVEL: 'info',
        FEATURE_X: true,
        TENANT: 'acme',
        CLODO_SERVICE: 'users',
        CLODO_ENVIRONMENT: 'staging',
        CLODO_CUSTOMER: 'acme',
      },
      routes: [{ pattern: 'staging-api.acme.com/users*', zone_name: 'acme.com' }],
      d1_databases: [
        {
          binding: 'DB',
          database_name: 'users-acme-staging',
          database_id: 'd1-id-1',
          migrations_dir: 'migrations',
        },
        {
          binding: 'AUDIT_DB',
          database_name: 'users-audit-acme-staging',
          migrations_dir: 'migrations/audit',
        },
      ],
      kv_namespaces: [{ binding: 'SESSIONS', id: 'kv-id-1' }],
      r2_buckets: [{ binding: 'AVATARS', bucket_name: 'avatars-acme-staging' }],
      queues: {
        producers: [{ binding: 'EVENTS', queue: 'user-events-acme-staging' }],
        consumers: [
          {
            queue: 'user-events-acme-staging',
            max_batch_size: 10,
            dead_letter_queue: 'user-events-dlq-acme-staging',
          },
        ],
      },
      triggers: { crons: ['*/5 * * * *'] },
      durable_objects: { bindings: [{ name: 'COUNTER', class_name: 'Counter' }] },
      migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }],
      services: [{ binding: 'AUTH', service: 'auth-acme-staging' }],
      ai: { binding: 'AI' },
    });
  });

  test('a customer without the bound service binds to the project worker', () => {
    const w = generateWranglerConfig(config, {
      service: 'users',
      environment: 'production',
      customer: 'globex',
    });
    expect(w.services).toEqual([{ binding: 'AUTH', service: 'auth' }]);
    expect(w.account_id).toBe(ACCOUNT);
  });

  test('a unit without crons still says so, so removing the last cron clears it on deploy', () => {
    const w = generateWranglerConfig(config, { service: 'auth', environment: 'staging' });
    expect(w.triggers).toEqual({ crons: [] });
  });

  test('environment overrides replace the lists they name', () => {
    const w = generateWranglerConfig(config, { service: 'users', environment: 'production' });
    expect(w.triggers.crons).toEqual(['0 * * * *']);
    expect(w.vars.FEATURE_X).toBe(false);
    expect(w.d1_databases.map((d) => d.database_name)).toEqual(['users', 'users-audit']);
    expect(w.routes).toEqual([{ pattern: 'api.example.com/users*', zone_name: 'example.com' }]);
  });

  test('local environments get no routes and use workers_dev; internal services have no routes', () => {
    expect(generateWranglerConfig(config, { service: 'users', environment: 'development' })).toMatchObject({
      routes: [],
      workers_dev: true,
    });
    expect(generateWranglerConfig(config, { service: 'auth', environment: 'production' }).routes).toEqual([]);
  });

  test('main and migrations_dir are relative to configDir', () => {
    const w = generateWranglerConfig(config, {
      service: 'users',
      environment: 'staging',
      configDir: '.clodo/wrangler',
    });
    expect(w.main).toBe('../../services/users/src/index.ts');
    expect(w.d1_databases[0]!.migrations_dir).toBe('../../services/users/migrations');
  });

  test('KV titles follow the unit naming rule', () => {
    expect(kvNamespaceTitle({ service: 'users', environment: 'staging' }, 'USER_SESSIONS')).toBe(
      'users-user-sessions-staging',
    );
  });

  test('unknown names are argument errors naming the argument', () => {
    expect(() => generateWranglerConfig(config, { service: 'billing', environment: 'staging' })).toThrow(
      /service: unknown service/,
    );
    expect(() => generateWranglerConfig(config, { service: 'users', environment: 'qa' })).toThrow(
      /environment: unknown environment/,
    );
    expect(() => generateWranglerConfig(config, null as never)).toThrow(/target: must be/);
  });
});

describe('generateWranglerConfigWithEnvironments', () => {
  test('every env section carries all bindings, vars and routes of its own', () => {
    const w = generateWranglerConfigWithEnvironments(config, { service: 'users' });
    expect(w.name).toBe('users-development');
    expect(Object.keys(w.env!)).toEqual(['staging', 'production']);
    for (const [name, section] of Object.entries(w.env!)) {
      expect(section.name).toBe(name === 'production' ? 'users' : `users-${name}`);
      expect(section.d1_databases).toHaveLength(2);
      expect(section.kv_namespaces).toHaveLength(1);
      expect(section.r2_buckets).toHaveLength(1);
      expect(section.queues.producers).toHaveLength(1);
      expect(section.queues.consumers).toHaveLength(1);
      expect(section.durable_objects.bindings).toHaveLength(1);
      expect(section.services).toHaveLength(1);
      expect(section.ai).toEqual({ binding: 'AI' });
      expect(section.vars.CLODO_ENVIRONMENT).toBe(name);
      expect(section.routes).toHaveLength(1);
    }
  });
});

describe('writeWranglerConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-wrangler-write-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes JSON atomically, creating folders, leaving no temp files', async () => {
    const file = join(dir, 'nested', 'wrangler.json');
    const w = generateWranglerConfig(config, { service: 'auth', environment: 'staging' });
    await writeWranglerConfig(file, w);
    await writeWranglerConfig(file, { ...w, name: 'auth-staging-2' });
    expect(JSON.parse(await readFile(file, 'utf8')).name).toBe('auth-staging-2');
    expect(await readdir(join(dir, 'nested'))).toEqual(['wrangler.json']);
  });

  test('a failed write leaves the previous file intact and no temp file', async () => {
    const file = join(dir, 'keep', 'wrangler.json');
    const w = generateWranglerConfig(config, { service: 'auth', environment: 'staging' });
    await writeWranglerConfig(file, w);
    const circular: Record<string, unknown> = { ...w };
    circular.self = circular;
    await expect(writeWranglerConfig(file, circular as never)).rejects.toThrow(/circular/i);
    expect(JSON.parse(await readFile(file, 'utf8')).name).toBe('auth-staging');
    expect(await readdir(join(dir, 'keep'))).toEqual(['wrangler.json']);
  });
});

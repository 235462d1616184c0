import { type D1DatabaseLike, defineModel, ServiceError, schemaSql } from '@clodo/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startD1 } from '../../__fixtures__/d1.js';
import { authModule, corsModule, rateLimitModule } from './builtin-modules.js';
import { ModuleManager } from './module-manager.js';
import { createSecurityModule } from './security-module.js';

const KEY = 'k_4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e';
let db: D1DatabaseLike;
let dispose: () => Promise<void>;

const notes = defineModel({ name: 'notes', fields: { title: { type: 'text', required: true } } });

beforeAll(async () => {
  ({ db, dispose } = await startD1());
  await db.batch(schemaSql([notes]).map((s) => db.prepare(s)));
}, 60_000);
afterAll(() => dispose?.());

const env = () => ({ DB: db, ENVIRONMENT: 'production' });

describe('ModuleManager', () => {
  it('builds a service with auth, CORS, rate limit and security modules applied', async () => {
    const modules = new ModuleManager()
      .registerModule(authModule({ apiKeys: { keys: [KEY] } }))
      .registerModule(corsModule({ origins: ['https://app.example.com'] }))
      .registerModule(rateLimitModule({ limit: 3, windowSec: 60 }))
      .registerModule(createSecurityModule());
    const worker = modules.createService({ name: 'notes-api', models: [notes], logging: false });

    const anonymous = await worker.fetch(
      new Request('http://x/api/notes', { method: 'POST', body: '{}' }),
      env(),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-content-type-options')).toBe('nosniff');

    const created = await worker.fetch(
      new Request('http://x/api/notes', {
        method: 'POST',
        headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json', Origin: 'https://app.example.com' },
        body: JSON.stringify({ title: 'first' }),
      }),
      env(),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(created.headers.get('x-frame-options')).toBe('DENY');

    const third = await worker.fetch(new Request('http://x/health'), env());
    expect(third.status).toBe(200);
    const limited = await worker.fetch(new Request('http://x/health'), env());
    expect(limited.status).toBe(429);
  }, 30_000);

  it('applies enabled modules only, and their model hooks after the model’s own', async () => {
    const seen: string[] = [];
    const modules = new ModuleManager()
      .registerModule({
        name: 'audit',
        modelHooks: { after: { create: (row) => void seen.push(`audit:${row.title}`) } },
      })
      .registerModule('no-shouting', {
        modelHooks: {
          before: {
            create: (row) => {
              if (String(row.title).toUpperCase() === row.title) {
                throw new ServiceError('NO_SHOUTING', 'title: no shouting', { status: 422 });
              }
            },
          },
        },
      });
    const worker = modules.createService({ name: 'notes-api', auth: false, models: [notes], logging: false });
    const post = (title: string) =>
      worker.fetch(
        new Request('http://x/api/notes', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ title }),
        }),
        env(),
      );
    const vetoed = await post('LOUD');
    expect(vetoed.status).toBe(422);
    expect(((await vetoed.json()) as { error: { code: string } }).error.code).toBe('NO_SHOUTING');
    expect((await post('quiet')).status).toBe(201);
    expect(seen).toEqual(['audit:quiet']);

    modules.disable('no-shouting');
    expect(modules.listModules()).toEqual([
      { name: 'audit', version: undefined, enabled: true },
      { name: 'no-shouting', version: undefined, enabled: false },
    ]);
    expect([...modules.getAllModules().keys()]).toEqual(['audit', 'no-shouting']);
    expect(modules.isEnabled('no-shouting')).toBe(false);
    const rebuilt = modules.createService({
      name: 'notes-api',
      auth: false,
      models: [notes],
      logging: false,
    });
    const loud = await rebuilt.fetch(
      new Request('http://x/api/notes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'LOUD' }),
      }),
      env(),
    );
    expect(loud.status).toBe(201);
  }, 30_000);

  it('runs named hooks of enabled modules in order and records failures by message', async () => {
    const modules = new ModuleManager()
      .registerModule('first', { hooks: { 'pre-deployment': (ctx) => `ok ${ctx.environment}` } })
      .registerModule('second', {
        hooks: {
          'pre-deployment': () => {
            throw new Error('not ready');
          },
        },
      })
      .registerModule('third', { hooks: { 'post-deployment': () => 'later' } });
    const run = await modules.executeHooks('pre-deployment', { environment: 'staging' });
    expect(run.results).toEqual([
      { module: 'first', success: true, result: 'ok staging' },
      { module: 'second', success: false, error: 'not ready' },
    ]);
    expect(run.failed).toBe(1);
  });

  it('blocks a production deployment on critical findings without echoing the secret', async () => {
    const modules = new ModuleManager().registerModule(createSecurityModule());
    const secret = 'changeme';
    const run = await modules.executeHooks('pre-deployment', {
      environment: 'production',
      secrets: { JWT_SECRET: secret },
    });
    expect(run.results[0]?.success).toBe(false);
    expect(run.results[0]?.error).toMatch(/blocked by security findings: secrets\.JWT_SECRET/);
    expect(run.results[0]?.error).not.toContain(secret);
    const staging = await modules.executeHooks('pre-deployment', { environment: 'staging', secrets: {} });
    expect(staging.results[0]).toMatchObject({ success: true, result: { ready: true } });
  });

  it('rejects bad modules and names them', () => {
    const modules = new ModuleManager().registerModule('audit', {});
    expect(() => modules.registerModule('audit', {})).toThrow(/"audit" is already registered/);
    expect(() => modules.registerModule('Bad Name', {})).toThrow(/module name "Bad Name"/);
    expect(() => modules.registerModule('x', { configure: 7 as never })).toThrow(
      /configure must be a function/,
    );
    expect(() => modules.enable('nope')).toThrow(/unknown module "nope" \(registered: audit\)/);
    const secured = new ModuleManager().registerModule(createSecurityModule());
    expect(() => secured.createService({ name: 'open-api', auth: false })).toThrow(
      /service "open-api" has no auth/,
    );
  });
});

import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The worker-side subpaths, bundled from the built package by its name and run inside workerd.
const source = `
import { EnhancedRouter } from '@clodo/framework/routing';
import { GenericRouteHandler } from '@clodo/framework/handlers';
import { ModuleManager, authModule, corsModule, securityRuntimeModule } from '@clodo/framework/modules';
import { SchemaManager } from '@clodo/framework/schema';

const schema = new SchemaManager();
const notes = schema.registerModel({ name: 'notes', fields: { title: { type: 'text', required: true } } });
const modules = new ModuleManager()
  .registerModule(authModule({ apiKeys: { keys: 'API_KEYS' }, publicRead: true }))
  .registerModule(corsModule({ origins: ['https://app.example.com'] }))
  .registerModule(securityRuntimeModule());
const service = modules.createService({ name: 'notes-api', models: [notes], logging: false });
const router = new EnhancedRouter({ models: [notes] });
router.registerRoute('POST', '/setup', async (_req, _params, env) => {
  return Response.json({ statements: await schema.createTables(env.DB) });
});
router.registerRoute('GET', '/direct/:id', (req, params, env) =>
  new GenericRouteHandler(env.DB, notes).handleGet(req, params.id),
);
export default {
  fetch(request, env, ctx) {
    return new URL(request.url).pathname.startsWith('/service/')
      ? service.fetch(new Request(request.url.replace('/service/', '/'), request), env, ctx)
      : router.fetch(request, env, ctx);
  },
};
`;

let mf: Miniflare;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser', 'import'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: bundle,
      compatibilityDate: '2025-06-01',
      d1Databases: ['DB'],
    }),
  );
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

describe('@clodo/framework routing, handlers, modules and schema inside workerd', () => {
  it('bundles without any node: import', () => {
    expect(bundle).not.toMatch(/from\s*["']node:/);
  });

  it('serves generated resources, custom routes, handlers and a module-built service', async () => {
    expect((await mf.dispatchFetch('http://w/setup', { method: 'POST' })).status).toBe(200);
    const created = await mf.dispatchFetch('http://w/api/notes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'in workerd' }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string } };
    const direct = await mf.dispatchFetch(`http://w/direct/${data.id}`);
    expect(((await direct.json()) as { data: { title: string } }).data.title).toBe('in workerd');

    const viaService = await mf.dispatchFetch('http://w/service/api/notes', {
      headers: { Origin: 'https://app.example.com' },
    });
    expect(viaService.status).toBe(200);
    expect(viaService.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(viaService.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await viaService.json()) as { pagination: { total: number } }).pagination.total).toBe(1);
    const write = await mf.dispatchFetch('http://w/service/api/notes', { method: 'POST', body: '{}' });
    expect(write.status).toBe(401);
  }, 60_000);
});

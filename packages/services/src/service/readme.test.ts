import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, expect, it } from 'vitest';

// The README's worker example, bundled as a user would and served by workerd.
let mf: Miniflare;
const src = fileURLToPath(new URL('..', import.meta.url));

beforeAll(async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain('createService');
  const bundle = await build({
    stdin: {
      contents: (example as string).replace("'@clodo/services'", "'./index.js'"),
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: bundle.outputFiles[0]!.text,
      compatibilityDate: '2026-11-01',
      d1Databases: ['DB'],
      bindings: { API_KEYS: 'readme-key-123456', ENVIRONMENT: 'development' },
    } as never),
  );
  await mf.ready;
}, 60_000);
afterAll(() => mf?.dispose());

it('runs: health, manifest, open reads and authenticated writes', async () => {
  const health = await mf.dispatchFetch('http://svc/health');
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({
    status: 'ok',
    service: 'user-service',
    version: '1.0.0',
    environment: 'development',
  });
  const manifest = (await (await mf.dispatchFetch('http://svc/.well-known/clodo')).json()) as {
    resources: { name: string; auth: unknown }[];
  };
  expect(manifest.resources[0]).toMatchObject({ name: 'users', auth: { read: 'public', write: 'required' } });
  const denied = await mf.dispatchFetch('http://svc/api/users', { method: 'POST', body: '{}' });
  expect(denied.status).toBe(401);
});

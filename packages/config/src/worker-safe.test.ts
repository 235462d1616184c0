import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The index and customers entries promise to run in workerd: bundle them like a service would and run them there.
let mf: Miniflare;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./__fixtures__/config-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  expect(script).not.toMatch(/from\s*["']node:/);
  mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script, compatibilityDate: '2025-06-01' }));
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
});

async function run(input: unknown): Promise<Record<string, unknown>> {
  const response = await mf.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify(input) });
  return (await response.json()) as Record<string, unknown>;
}

describe('worker-safe entries inside workerd', { timeout: 60_000 }, () => {
  test('validates, orders units and derives names', async () => {
    const body = await run({
      account: { id: '0123456789abcdef0123456789abcdef' },
      services: [
        { name: 'api', path: 'a', dependsOn: ['users'], route: { path: '/api' } },
        { name: 'users', path: 'u' },
      ],
      domain: 'example.com',
      customers: [{ name: 'acme', domain: 'acme.com' }],
    });
    expect(body).toEqual({
      runtime: 'Cloudflare-Workers',
      ok: true,
      units: ['users', 'users-acme', 'api', 'api-acme'],
      frozen: true,
      customerDomains: { staging: 'staging-api.acme.com', production: 'api.acme.com' },
      stagingName: 'api-staging',
      errorCaught: true,
    });
  });

  test('reports every problem with its path', async () => {
    const body = await run({
      account: { id: 'x' },
      services: [{ name: 'api', path: 'a', dependsOn: ['nope'], features: { kvv: [] } }],
    });
    expect(body.ok).toBe(false);
    expect((body.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'account.id',
      'services[0].features.kvv',
      'services[0].dependsOn[0]',
    ]);
  });
});

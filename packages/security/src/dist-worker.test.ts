import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';

// The published `./worker` entry, as a service would bundle it, must load and run in workerd.
const distWorker = fileURLToPath(new URL('../dist/worker.js', import.meta.url));

describe('built @clodo/security/worker', () => {
  it('bundles for workerd without Node built-ins and runs there', async () => {
    expect(existsSync(distWorker), 'dist/worker.js is missing: run the build first').toBe(true);
    const entry = `import { hashApiKey, signJwt, verifyJwt } from ${JSON.stringify(distWorker)};
export default {
  async fetch() {
    const token = await signJwt({ sub: 'dist' }, { secret: 'dist-secret-0123456789', expiresIn: 60 });
    const verified = await verifyJwt(token, { secret: 'dist-secret-0123456789' });
    return Response.json({ hash: await hashApiKey('abc'), sub: verified.ok ? verified.payload.sub : verified.code });
  },
};`;
    // platform "browser" makes esbuild refuse any Node built-in the entry or its chunks import.
    const bundle = await build({
      stdin: { contents: entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      write: false,
      logLevel: 'silent',
    });
    const mf = new Miniflare(
      convertV4MiniflareOptions({
        modules: true,
        script: bundle.outputFiles[0]!.text,
        compatibilityDate: '2026-11-01',
      }),
    );
    try {
      const body = await (await mf.dispatchFetch('http://worker/')).json();
      expect(body).toEqual({
        hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        sub: 'dist',
      });
    } finally {
      await mf.dispose();
    }
  }, 60_000);
});

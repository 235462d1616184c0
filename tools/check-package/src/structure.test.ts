import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLayout } from './layout.ts';
import { checkStructure } from './structure.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Files = Record<string, string>;

const manifest = (extra: object = {}) =>
  JSON.stringify({
    name: '@fixture/pkg',
    version: '1.0.0',
    type: 'module',
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      './worker': { types: './dist/worker.d.ts', import: './dist/worker.js', default: './dist/worker.js' },
      './package.json': './package.json',
    },
    dependencies: { zod: '4.0.0' },
    ...extra,
  });

const sound: Files = {
  'package.json': manifest(),
  'tsup.config.ts':
    "export default { entry: { index: 'src/index.ts', worker: 'src/worker.ts' }, format: ['esm'], dts: true };\n",
  'src/index.ts': "export { greet } from './greet.js';\nexport type { Options } from './types';\n",
  'src/greet.ts':
    "import type { Options } from './types.ts';\nexport const greet = (o: Options) => o.name;\n",
  'src/types.ts': 'export interface Options { name: string }\n',
  'src/worker.ts': "export * from './auth/index.js';\n",
  'src/auth/index.ts': 'export const check = () => true;\n',
  'src/greet.test.ts': "import { greet } from './greet.js';\n",
  'src/internal/scratch.ts': 'export const x = 1;\n',
  'dist/index.js':
    "import { a } from './chunk-AB12CD.js';\nexport const lazy = () => import('./create-XY34.js');\n",
  'dist/create-XY34.js': 'export {};\n',
  'dist/index.d.ts': "export { greet } from './greet.js';\nexport type { Options } from './types.js';\n",
  'dist/greet.d.ts':
    "import type { Options } from './types.js';\nexport declare const greet: (o: Options) => string;\n",
  'dist/types.d.ts':
    "import type { z } from 'zod';\nimport type { Stats } from 'node:fs';\nexport interface Options { name: string; s?: z.ZodString; t?: Stats }\n",
  'dist/worker.js': 'export {};\n',
  'dist/worker.d.ts': "export * from './auth/index.js';\n",
  'dist/auth/index.d.ts': 'export declare const check: () => boolean;\n',
  'dist/chunk-AB12CD.js': 'export {};\n',
};

async function check(files: Files, remove: string[] = []): Promise<string[]> {
  dir = mkdtempSync(join(tmpdir(), 'clodo-check-fixture-'));
  for (const [path, text] of Object.entries(files)) {
    if (remove.includes(path)) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return checkStructure(await readLayout(dir));
}

describe('checkStructure', () => {
  it('accepts a sound package (type-only imports, subfolders, tests and src/internal aside)', async () => {
    expect(await check(sound)).toEqual([]);
  });

  it('names an unreachable module', async () => {
    expect(await check({ ...sound, 'src/extra.ts': 'export const extra = 1;\n' })).toEqual([
      expect.stringMatching(/^src\/extra\.ts is not reachable from any published entry/),
    ]);
  });

  it('names an export pointing at a file the build did not produce', async () => {
    expect(await check(sound, ['dist/worker.js'])).toEqual([
      'export "./worker" points at ./dist/worker.js, which the build did not produce',
    ]);
  });

  it('names an export without a types condition', async () => {
    const exports = {
      '.': { import: './dist/index.js', default: './dist/index.js' },
      './worker': { types: './dist/worker.d.ts', import: './dist/worker.js' },
      './package.json': './package.json',
    };
    const problems = await check({ ...sound, 'package.json': manifest({ exports }) });
    expect(problems).toEqual([expect.stringMatching(/^export "\." has no "types" condition/)]);
  });

  it('requires types first', async () => {
    const exports = {
      '.': { import: './dist/index.js', types: './dist/index.d.ts' },
      './worker': { types: './dist/worker.d.ts', import: './dist/worker.js' },
      './package.json': './package.json',
    };
    expect(await check({ ...sound, 'package.json': manifest({ exports }) })).toEqual([
      'export ".": the "types" condition must come first (found import, types)',
    ]);
  });

  it('names an entry that is not exported, and an export without an entry', async () => {
    const config =
      "export default { entry: { index: 'src/index.ts', worker: 'src/worker.ts', cli: 'src/cli.ts' } };\n";
    const problems = await check({ ...sound, 'tsup.config.ts': config, 'src/cli.ts': '', 'dist/cli.js': '' });
    expect(problems).toEqual([
      expect.stringMatching(/^tsup entry "cli" \(src\/cli\.ts\) is neither exported nor a bin/),
    ]);
    const onlyIndex = "export default { entry: { index: 'src/index.ts' } };\n";
    const problems2 = await check({ ...sound, 'tsup.config.ts': onlyIndex });
    expect(problems2).toContain(
      'export "./worker" points at ./dist/worker.js, but tsup.config.ts has no entry "worker"',
    );
  });

  it('names a stale dist file and a bin that was not built', async () => {
    const problems = await check({
      ...sound,
      'dist/old.js': '',
      'package.json': manifest({ bin: { tool: './dist/tool.js' } }),
    });
    expect(problems).toContain(
      'dist/old.js is not built from any tsup entry (a stale file? run a clean build)',
    );
    expect(problems).toContain('bin "tool" points at ./dist/tool.js, but tsup.config.ts has no entry "tool"');
  });

  it('names a declaration importing one the build did not produce', async () => {
    expect(await check(sound, ['dist/auth/index.d.ts'])).toEqual([
      'dist/worker.d.ts imports "./auth/index.js", but the build produced no declaration for it (its types would be missing)',
    ]);
  });

  it('names a declaration importing a package the package does not depend on', async () => {
    const problems = await check({
      ...sound,
      'dist/greet.d.ts': "import type { Hono } from 'hono/tiny';\nexport declare const greet: Hono;\n",
    });
    expect(problems).toEqual([
      'dist/greet.d.ts imports "hono/tiny", which is not in "dependencies" or "peerDependencies" (consumers would not have its types)',
    ]);
  });

  it('names a stale declaration file', async () => {
    expect(await check({ ...sound, 'dist/old/gone.d.ts': 'export {};\n' })).toEqual([
      "dist/old/gone.d.ts is not imported by any entry's declarations (a stale file? run a clean build)",
    ]);
  });
});

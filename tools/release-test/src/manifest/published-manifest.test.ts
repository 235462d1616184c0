import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPublishedManifestProblems, packageNameOf } from './published-manifest.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An unpacked package as npm would install it: a manifest and built files. */
function fixture(manifest: object, files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'clodo-manifest-fixture-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('published manifest check', () => {
  it('accepts a package whose imports are all declared with real ranges', () => {
    const pkg = fixture(
      {
        name: '@clodo/deployment',
        version: '0.2.0',
        dependencies: { '@clodo/config': '^0.2.0', zod: '4.6.7' },
      },
      {
        'dist/index.js': [
          "import { readFile } from 'node:fs/promises';",
          "import { join } from 'path';",
          "import { z } from 'zod';",
          "export * from '@clodo/config/loader';",
          "export { x } from './chunk-abc.js';",
          "const template = `import { createService } from '@clodo/services';`;",
          "const lazy = () => import('@clodo/deployment/worker');",
        ].join('\n'),
        'dist/index.d.ts':
          "import type { Config } from '@clodo/config';\nimport type { D1Database } from '@cloudflare/workers-types';\n",
      },
    );
    expect(findPublishedManifestProblems(pkg)).toEqual([]);
  });

  it('names the package when an internal dependency it imports is missing from its dependencies', () => {
    const pkg = fixture(
      { name: '@clodo/cli', version: '0.2.0', dependencies: { '@clodo/config': '^0.2.0' } },
      {
        'dist/bin.js': "#!/usr/bin/env node\nconst { deploy } = await import('@clodo/deployment');\n",
        'dist/index.d.ts': "export type { Plan } from '@clodo/orchestration';\n",
      },
    );
    expect(findPublishedManifestProblems(pkg)).toEqual([
      '@clodo/cli: dist/bin.js imports "@clodo/deployment", which is not in its dependencies or peerDependencies',
      '@clodo/cli: dist/index.d.ts imports "@clodo/orchestration", which is not in its dependencies or peerDependencies',
    ]);
  });

  it('names the package when a workspace: range was left in the packed manifest', () => {
    const pkg = fixture(
      { name: '@clodo/services', version: '0.2.0', dependencies: { '@clodo/config': 'workspace:^' } },
      { 'dist/index.js': "export * from '@clodo/config';\n" },
    );
    expect(findPublishedManifestProblems(pkg)).toEqual([
      '@clodo/services: dependencies["@clodo/config"] is "workspace:^"; a published manifest needs a real semver range',
    ]);
  });

  it('names a third-party import the manifest does not declare', () => {
    const pkg = fixture(
      { name: '@clodo/testers', version: '0.2.0' },
      { 'dist/index.js': "import 'undici';\n" },
    );
    expect(findPublishedManifestProblems(pkg)).toEqual([
      '@clodo/testers: dist/index.js imports "undici", which is not in its dependencies or peerDependencies',
    ]);
  });

  it('resolves specifiers to the package that provides them', () => {
    expect(packageNameOf('@clodo/config/loader')).toBe('@clodo/config');
    expect(packageNameOf('hono/cors')).toBe('hono');
    expect(packageNameOf('node:fs')).toBeUndefined();
    expect(packageNameOf('fs/promises')).toBeUndefined();
    expect(packageNameOf('cloudflare:workers')).toBeUndefined();
    expect(packageNameOf('./chunk.js')).toBeUndefined();
  });
});

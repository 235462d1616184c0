import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { installTarballs, packAll, readPublishedPackages } from './artifacts.ts';

// What a generated project's own tests need besides the @clodo packages (the versions its package.json pins).
export const TOOLCHAIN: string[] = ['miniflare@5.20261117.0-beta', 'vitest@4.1.12', 'esbuild@0.28.2'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** name → absolute path of its packed tarball, packed once for every test file. */
    tarballs: Record<string, string>;
    /** A clean npm project with every tarball and TOOLCHAIN installed (shared; use a subfolder). */
    toolchainProject: string;
  }
}

/**
 * Packs every package once and installs the tarballs plus the toolchain once: packing and `npm install`
 * are most of this suite's time. Files that check dependency declarations in isolation (a bare install,
 * a subset) still install what they need from these tarballs themselves.
 */
export default function setup(project: TestProject): () => void {
  const root = resolve(import.meta.dirname, '../../..');
  const work = mkdtempSync(join(tmpdir(), 'clodo-pack-'));
  const pnpm = join(root, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  const packages = readPublishedPackages(join(root, 'packages'));
  const files = packAll(packages, work, pnpm);
  const tarballs = Object.fromEntries(packages.map((p, i) => [p.name, files[i] as string]));
  const toolchainProject = installTarballs([...files, ...TOOLCHAIN]);
  project.provide('tarballs', tarballs);
  project.provide('toolchainProject', toolchainProject);
  return () => {
    rmSync(work, { recursive: true, force: true });
    rmSync(toolchainProject, { recursive: true, force: true });
  };
}

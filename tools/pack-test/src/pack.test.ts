import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  findWorkspaceRanges,
  importAll,
  installTarballs,
  type PublishedPackage,
  readPublishedPackages,
  runBinHelp,
  typecheckAll,
} from './artifacts.ts';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../../..');
const packages = readPublishedPackages(join(root, 'packages'));
const specifiers = packages.flatMap((p) =>
  p.subpaths.map((s) => (s === '.' ? p.name : `${p.name}/${s.slice(2)}`)),
);

describe('packed artifacts, installed with plain npm outside the workspace', () => {
  let project: string;

  beforeAll(() => {
    // The tarballs alone, nothing else: a dependency a package forgot to declare fails here.
    const tarballs = inject('tarballs');
    project = installTarballs(packages.map((p) => tarballs[p.name] as string));
  }, 600_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  }, 120_000);

  it('packs every package of packages/', () => {
    expect(packages.map((p: PublishedPackage) => p.name).sort()).toEqual(
      [
        'cli',
        'config',
        'deployment',
        'emulator',
        'framework',
        'orchestration',
        'security',
        'services',
        'testers',
      ].map((n) => `@clodo/${n}`),
    );
  });

  it('imports every export subpath in Node', () => {
    expect(importAll(project, specifiers)).toEqual([]);
  }, 120_000);

  it('resolves the types of every export subpath with tsc (NodeNext)', () => {
    expect(typecheckAll(project, specifiers, require.resolve('typescript/bin/tsc'))).toBe('');
  }, 120_000);

  it('runs every bin with --help', () => {
    const failures = packages.flatMap((p) => p.bins.map((b) => runBinHelp(project, b))).filter((r) => !r.ok);
    expect(failures.map((f) => f.message)).toEqual([]);
  }, 120_000);

  it('leaves no workspace: range in any installed manifest', () => {
    expect(findWorkspaceRanges(project)).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { userNpmEnv } from '@clodo-internal/pack-test';
import { afterAll, describe, expect, it } from 'vitest';
import { pnpmCli } from '../toolchain.ts';

const cli = join(import.meta.dirname, '..', 'cli.ts');
const repo = mkdtempSync(join(tmpdir(), 'clodo-verify-fixture-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

/** Links the fixture workspace (pnpm pack needs it to resolve workspace:^), then runs the check. The fixture's
 * manifests change between runs, so the lockfile is rewritten even where CI=true makes frozen the default. */
function installAndVerify() {
  const install = spawnSync(process.execPath, [pnpmCli, 'install', '--offline', '--no-frozen-lockfile'], {
    cwd: repo,
    encoding: 'utf8',
    env: userNpmEnv(),
  });
  expect(install.status, install.stdout).toBe(0);
  return spawnSync(process.execPath, [cli, repo], { encoding: 'utf8', env: userNpmEnv() });
}

const manifest = (name: string, dependencies: Record<string, string>) =>
  JSON.stringify({ name, version: '1.2.0', type: 'module', files: ['dist'], dependencies }, null, 2);

describe('clodo-verify-packed (the last check of pnpm release)', () => {
  it('refuses, naming the package, when built code imports an internal package it does not declare', () => {
    write('package.json', JSON.stringify({ name: 'fixture-root', private: true }));
    write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
    write('packages/config/package.json', manifest('@clodo/config', {}));
    write('packages/config/dist/index.js', 'export const config = 1;\n');
    write('packages/security/package.json', manifest('@clodo/security', { '@clodo/config': 'workspace:^' }));
    write('packages/security/dist/index.js', "export * from '@clodo/config';\n");
    // deployment uses security but only declares config.
    write(
      'packages/deployment/package.json',
      manifest('@clodo/deployment', { '@clodo/config': 'workspace:^' }),
    );
    write('packages/deployment/dist/index.js', "import '@clodo/config';\nexport * from '@clodo/security';\n");

    const result = installAndVerify();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nothing was published');
    expect(result.stderr).toContain(
      '@clodo/deployment: dist/index.js imports "@clodo/security", which is not in its dependencies or peerDependencies',
    );
    expect(result.stderr).not.toMatch(/@clodo\/(config|security): /);
  }, 120_000);

  it('passes once the dependency is declared (pnpm pack turns workspace:^ into ^1.2.0)', () => {
    write(
      'packages/deployment/package.json',
      manifest('@clodo/deployment', { '@clodo/config': 'workspace:^', '@clodo/security': 'workspace:^' }),
    );
    const result = installAndVerify();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '../..');
const bin = join(pkg, 'dist/bin.js');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/validate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function clodo(cwd: string, ...args: string[]) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function project(name: string, config: unknown, devVars?: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'clodo.config.json'), JSON.stringify(config));
  if (devVars !== undefined) writeFileSync(join(dir, '.dev.vars.production'), devVars);
  return dir;
}

const account = { id: '0123456789abcdef0123456789abcdef' };
const service = { name: 'orders', path: '.', auth: { type: 'api-key', secret: 'API_KEY' } };

describe('clodo validate', () => {
  it('reports every config problem with its path and exits 2', () => {
    const dir = project('broken', {
      account: { id: 'nope' },
      services: [service, { name: 'billing', path: 'b', dependsOn: ['ledger'] }],
    });
    const res = clodo(dir, 'validate');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/account\.id/);
    expect(res.stderr).toMatch(/services\[1\]\.dependsOn\[0\]/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('blocks production on a critical finding without printing the secret (exit 1)', () => {
    const dir = project('weak', { account, services: [service] }, 'API_KEY=changeme-please-0001\n');
    const res = clodo(dir, 'validate', '--env', 'production', '--json');
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.units[0]).toMatchObject({ service: 'orders', environment: 'production', blocked: true });
    expect(res.stdout + res.stderr).not.toContain('changeme-please-0001');
  }, 60_000);

  it('passes a project whose production secret is strong (exit 0)', () => {
    const strong = 'k_8f3a9c1d7e2b4a6f0c5d8e1b3a7f9c2d4e6b8a0c1f3d5e7a9b';
    const dir = project('strong', { account, services: [service] }, `API_KEY=${strong}\n`);
    const res = clodo(dir, 'validate', '--env', 'production', '--json');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, units: [{ blocked: false }] });
    expect(res.stdout).not.toContain(strong);
  }, 60_000);

  it('names an unknown environment (exit 2)', () => {
    const dir = project('envs', { account, services: [service] });
    const res = clodo(dir, 'validate', '--env', 'prod');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /unknown environment "prod"; this project has: development, staging, production/,
    );
  }, 60_000);
});

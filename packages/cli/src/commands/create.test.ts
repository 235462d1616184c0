import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '../..');
const bin = join(pkg, 'dist/bin.js');
const vitest = join(pkg, 'node_modules/.bin/vitest');
// Inside the package, so generated projects resolve @clodo/*, miniflare and esbuild like an installed app.
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/create-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function clodo(args: string[], cwd = work) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('clodo create', () => {
  it.each(['data-service', 'auth-service', 'api-gateway', 'static-site', 'generic'])(
    'creates a %s whose own tests pass in workerd',
    (type) => {
      const name = `svc-${type}`;
      const created = clodo(['create', name, '--type', type, '--yes', '--json']);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const result = JSON.parse(created.stdout) as { dir: string; files: string[] };
      expect(result.files).toEqual(
        expect.arrayContaining(['clodo.config.ts', 'src/index.ts', 'package.json', '.gitignore']),
      );
      const manifest = JSON.parse(readFileSync(join(result.dir, 'package.json'), 'utf8'));
      expect(manifest.dependencies['@clodo/services']).toMatch(/^\^\d+\.\d+\.\d+/);
      const ignored = readFileSync(join(result.dir, '.gitignore'), 'utf8').split('\n');
      expect(ignored).toEqual(expect.arrayContaining(['.dev.vars', '.clodo/']));
      const tests = spawnSync(vitest, ['run'], {
        cwd: result.dir,
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
      expect(tests.status, `${tests.stdout}\n${tests.stderr}`).toBe(0);
    },
    240_000,
  );

  it('writes a first migration for the models of a data service', () => {
    const { dir } = JSON.parse(clodo(['create', 'orders', '--type', 'data-service', '--json']).stdout);
    expect(readdirSync(join(dir, 'migrations'))).toEqual(['0001_init.sql']);
    expect(readFileSync(join(dir, 'migrations/0001_init.sql'), 'utf8')).toMatch(
      /CREATE TABLE IF NOT EXISTS "items"/,
    );
  }, 60_000);

  it('gives the naming rule and an example for a bad name (exit 2, one line)', () => {
    const res = clodo(['create', 'Bad_Name', '--type', 'generic']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/invalid service name "Bad_Name".*for example "orders-api"/);
    expect(existsSync(join(work, 'Bad_Name'))).toBe(false);
  }, 60_000);

  it('rejects an unknown type listing the valid ones (exit 2)', () => {
    const res = clodo(['create', 'thing', '--type', 'lambda']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/data-service, api-gateway, auth-service, static-site, generic/);
  }, 60_000);

  it('requires --type when not interactive', () => {
    const res = clodo(['create', 'thing', '--yes']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--type is required/);
  }, 60_000);

  it('refuses a non-empty directory without --force and leaves it untouched', () => {
    const dir = join(work, 'occupied');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const res = clodo(['create', 'occupied', '--type', 'generic']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/is not empty; choose another --dir or pass --force/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    const forced = clodo(['create', 'occupied', '--type', 'generic', '--force']);
    expect(forced.code).toBe(0);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['keep.txt', 'src', 'clodo.config.ts']));
  }, 60_000);
});

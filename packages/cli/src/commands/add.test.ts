import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '../..');
const bin = process.env.CLODO_TEST_BIN ?? join(pkg, 'dist/bin.js');
const tsc = join(pkg, '../../node_modules/typescript/bin/tsc');
const vitest = join(pkg, 'node_modules/.bin/vitest');
// Inside the package, so generated projects resolve @clodo/*, miniflare and esbuild like an installed app.
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/add-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function clodo(args: string[], cwd: string) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Every file of the project (outside node_modules) with its modification time. */
function snapshot(dir: string): Record<string, number> {
  const files: Record<string, number> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = statSync(path).mtimeMs;
  }
  return files;
}

describe('clodo add', () => {
  let project: string;
  beforeAll(() => {
    const created = clodo(['create', 'notes-api', '--type', 'generic', '--yes', '--json'], work);
    expect(created.code, created.stderr).toBe(0);
    project = JSON.parse(created.stdout).dir;
  }, 60_000);

  it('adds d1, kv, cron and auth:jwt; the project still typechecks and passes its own tests in workerd', () => {
    const outputs: string[] = [];
    for (const feature of ['d1', 'kv', 'cron', 'auth:jwt']) {
      const res = clodo(['add', feature, '--json'], project);
      outputs.push(res.stdout, res.stderr);
      expect(res.code, `${feature}: ${res.stderr}`).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ feature, service: 'notes-api', changed: true });
    }
    const config = readFileSync(join(project, 'clodo.config.ts'), 'utf8');
    expect(config).toMatch(/d1: \[\{\s*binding: 'DB'/);
    expect(config).toMatch(/kv: \[\{\s*binding: 'CACHE'/);
    expect(config).toContain("cron: ['*/15 * * * *']");
    expect(config).toMatch(/type: 'jwt',\s*secret: 'JWT_SECRET'/);
    // The comment in the untouched part of the file survives the edit.
    expect(config).toContain('// Your Cloudflare account id');
    const source = readFileSync(join(project, 'src/index.ts'), 'utf8');
    expect(source).toContain("import { notes } from './models.js';");
    expect(source).toContain('models: [notes]');
    expect(source).toMatch(/cron: '\*\/15 \* \* \* \*'/);
    expect(source).toMatch(/jwt: \(env\) =>/);
    expect(readdirSync(join(project, 'migrations'))).toEqual(['0001_init.sql']);

    // The generated secret is in .dev.vars (mode 600) and in no output.
    const devVars = readFileSync(join(project, '.dev.vars'), 'utf8');
    const secret = /^JWT_SECRET=(.+)$/m.exec(devVars)?.[1];
    expect(secret?.length).toBeGreaterThan(60);
    expect(statSync(join(project, '.dev.vars')).mode & 0o777).toBe(0o600);
    for (const text of outputs) expect(text).not.toContain(secret);

    const typecheck = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    expect(typecheck.status, typecheck.stdout).toBe(0);
    const tests = spawnSync(vitest, ['run'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    expect(tests.status, `${tests.stdout}\n${tests.stderr}`).toBe(0);
  }, 240_000);

  it('changes nothing when run again', () => {
    const before = snapshot(project);
    for (const feature of ['d1', 'kv', 'cron', 'auth:jwt']) {
      const res = clodo(['add', feature, '--json'], project);
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ changed: false, files: [], secrets: [] });
    }
    expect(snapshot(project)).toEqual(before);
    const human = clodo(['add', 'kv'], project);
    expect(human.stdout.trim()).toBe('kv is already set up for notes-api; nothing changed');
  }, 120_000);

  it('rejects an unknown feature with exit 2, listing the valid ones, and writes nothing', () => {
    const before = snapshot(project);
    const res = clodo(['add', 'lambda'], project);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(
      'valid features: d1, kv, r2, queue, cron, durable-object, service, auth:api-key, auth:jwt',
    );
    expect(snapshot(project)).toEqual(before);
  }, 30_000);

  it('refuses a service binding to a service the project does not have (exit 2)', () => {
    const res = clodo(['add', 'service', '--to', 'billing'], project);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--to <service>, another service of this project/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('fails outside a project with one line and no stack', () => {
    const res = clodo(['add', 'kv'], work);
    expect(res.code).toBe(2);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

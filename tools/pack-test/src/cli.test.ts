import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

describe('the clodo command from the packed @clodo/cli tarball, in a clean npm project', () => {
  let installed: string;
  let consumer: string;
  let app: string;

  const run = (file: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) => {
    const res = spawnSync(file, args, {
      cwd,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        NO_COLOR: '1',
        ...extra,
      },
    });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  const clodo = (args: string[], cwd = app) =>
    run(join(installed, 'node_modules', '.bin', 'clodo'), args, cwd);

  beforeAll(() => {
    // The packed tarballs and the toolchain are installed once by the global setup; this file works in
    // its own folder inside that project, so Node and the bins resolve them from the parent node_modules.
    installed = inject('toolchainProject');
    consumer = mkdtempSync(join(installed, 'cli-'));
  }, 900_000);

  afterAll(() => {
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  }, 120_000);

  it('creates a data service whose own tests pass in workerd', () => {
    const created = clodo(['create', 'shop', '--type', 'data-service', '--yes', '--json'], consumer);
    expect(created.code, created.stderr).toBe(0);
    app = JSON.parse(created.stdout).dir;
    const tests = run(join(installed, 'node_modules', '.bin', 'vitest'), ['run'], app, { CI: '1' });
    expect(tests.code, `${tests.stdout}\n${tests.stderr}`).toBe(0);
  }, 300_000);

  it('adds a feature, generates migrations and validates with the installed dependencies', () => {
    const added = clodo(['add', 'kv', '--json']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ feature: 'kv', changed: true });
    expect(JSON.parse(clodo(['add', 'kv', '--json']).stdout)).toMatchObject({ changed: false });
    const generated = clodo(['db', 'generate', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(JSON.parse(generated.stdout).migrations[0]).toMatchObject({ service: 'shop', file: null });
    const validated = clodo(['validate', '--env', 'development', '--json']);
    expect(validated.code, validated.stderr).toBe(0);
    expect(JSON.parse(validated.stdout)).toMatchObject({ ok: true });
    const tests = run(join(installed, 'node_modules', '.bin', 'vitest'), ['run'], app, { CI: '1' });
    expect(tests.code, `${tests.stdout}\n${tests.stderr}`).toBe(0);
  }, 300_000);

  it('generates a secret without printing it', () => {
    const res = clodo(['secrets', 'generate', 'API_KEY', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const value = /^API_KEY='?([^'\n]+)/m.exec(readFileSync(join(app, '.dev.vars'), 'utf8'))?.[1];
    expect(value).toMatch(/^shop_[0-9a-f]{64}$/);
    expect(`${res.stdout}${res.stderr}`).not.toContain(value);
  }, 60_000);

  it('serves the service with clodo dev (the installed wrangler) and stops on SIGTERM', async () => {
    const child = spawn(join(installed, 'node_modules', '.bin', 'clodo'), ['dev', '--port', '0', '--json'], {
      cwd: app,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const info = await new Promise<{ url: string }>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.stdout.on('data', (d) => {
          stdout += d;
          try {
            resolve(JSON.parse(stdout));
          } catch {
            // Not the whole document yet.
          }
        });
        void exited.then((code) => reject(new Error(`clodo dev exited ${code}: ${stderr}`)));
      });
      const health = await fetch(`${info.url}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', service: 'shop' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  it('answers --help for every command and exits 2 on a usage error', () => {
    for (const path of [['add'], ['dev'], ['db', 'migrate'], ['secrets', 'set'], ['deploy'], ['test']]) {
      const res = clodo([...path, '--help'], consumer);
      expect(res.code, path.join(' ')).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Usage: clodo ${path.join(' ')}`));
    }
    const bad = clodo(['add', 'lambda']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/valid features: d1, kv/);
  }, 120_000);
});

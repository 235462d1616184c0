import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '../..');
const bin = process.env.CLODO_TEST_BIN ?? join(pkg, 'dist/bin.js');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/dev-'));
let project: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  const created = spawnSync(
    process.execPath,
    [bin, 'create', 'shop', '--type', 'data-service', '--yes', '--json'],
    { cwd: work, encoding: 'utf8' },
  );
  expect(created.status, created.stderr).toBe(0);
  project = JSON.parse(created.stdout).dir;
  const secret = spawnSync(process.execPath, [bin, 'secrets', 'generate', 'API_KEY'], {
    cwd: project,
    encoding: 'utf8',
  });
  expect(secret.status, secret.stderr).toBe(0);
}, 60_000);

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}, 30_000);

/** Processes whose command line mentions the project (wrangler and workerd of `clodo dev`). */
function processesOf(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(dir) && !cmd.includes('vitest')) found.push(`${pid}: ${cmd.slice(0, 120)}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Starts `clodo dev --json` and resolves with its one JSON document once it serves. */
function startDev(
  cwd = project,
  extra: string[] = [],
): Promise<{
  child: ChildProcess;
  info: { url: string; migrated: string[]; workers: string[] };
  output: () => string;
}> {
  const child = spawn(process.execPath, [bin, 'dev', '--port', '0', '--json', ...extra], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      stdout += d;
      try {
        resolve({ child, info: JSON.parse(stdout), output: () => stdout + stderr });
      } catch {
        // Not the whole document yet.
      }
    });
    child.on('exit', (code) => reject(new Error(`clodo dev exited ${code}: ${stderr}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

describe('clodo dev', () => {
  it('serves the service on loopback with its D1 migrated, and stops on SIGINT leaving no process', async () => {
    const { child, info, output } = await startDev();
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.migrated).toEqual(['shop-development']);
    const health = await fetch(`${info.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'shop', environment: 'development' });
    // The table exists, so the migration ran against the local D1 the worker is bound to.
    const list = await fetch(`${info.url}/api/items`);
    expect(await list.json()).toMatchObject({ success: true, pagination: { total: 0 } });
    // The API key from .dev.vars reached the worker: a write with it is accepted.
    const key = /^API_KEY='?([^'\n]+)/m.exec(readFileSync(join(project, '.dev.vars'), 'utf8'))?.[1] as string;
    const created = await fetch(`${info.url}/api/items`, {
      method: 'POST',
      headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Desk', sku: 'DESK-1', price: 120 }),
    });
    expect(created.status).toBe(201);

    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(0);
    expect(processesOf(project)).toEqual([]);
    await expect(fetch(`${info.url}/health`)).rejects.toThrow();
    // The copy of the secrets wrangler read is gone with it.
    expect(existsSync(join(project, '.clodo/dev/shop-development/.dev.vars'))).toBe(false);
    expect(output()).not.toContain(key);
  }, 180_000);

  it('keeps local data between runs and stops on SIGTERM', async () => {
    const { child, info } = await startDev();
    const list = await fetch(`${info.url}/api/items`);
    expect(await list.json()).toMatchObject({ pagination: { total: 1 } });
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(processesOf(project)).toEqual([]);
  }, 180_000);

  it('rejects a bad port as a usage error', () => {
    const res = spawnSync(process.execPath, [bin, 'dev', '--port', 'http'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe('error --port must be an integer from 0 to 65535 (got "http")');
  }, 30_000);

  it('runs a gateway together with the service it binds to (clodo add service), answering through the binding', async () => {
    const portfolio = mkdtempSync(join(work, 'portfolio-'));
    const create = (name: string, type: string) => {
      const res = spawnSync(
        process.execPath,
        [bin, 'create', name, '--type', type, '--dir', `services/${name}`, '--yes'],
        { cwd: portfolio, encoding: 'utf8' },
      );
      expect(res.status, res.stderr).toBe(0);
    };
    create('api', 'data-service');
    create('edge', 'api-gateway');
    writeFileSync(
      join(portfolio, 'clodo.config.json'),
      JSON.stringify({
        account: { id: '0'.repeat(32) },
        services: [
          {
            name: 'api',
            path: 'services/api',
            features: { d1: [{ binding: 'DB' }] },
            auth: { type: 'api-key' },
          },
          { name: 'edge', path: 'services/edge', vars: { UPSTREAMS: 'api' } },
        ],
      }),
    );
    const added = spawnSync(
      process.execPath,
      [bin, 'add', 'service', '--to', 'api', '--service', 'edge', '--json'],
      {
        cwd: portfolio,
        encoding: 'utf8',
      },
    );
    expect(added.status, added.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(portfolio, 'clodo.config.json'), 'utf8'));
    expect(config.services[1]).toMatchObject({
      features: { services: [{ binding: 'API', service: 'api' }] },
      dependsOn: ['api'],
    });

    const { child, info } = await startDev(portfolio, ['--service', 'edge']);
    expect(info.workers).toEqual(['edge-development', 'api-development']);
    expect(info.migrated).toEqual(['api-development']);
    const routed = await fetch(`${info.url}/api/health`);
    expect(routed.status).toBe(200);
    expect(await routed.json()).toMatchObject({ service: 'api', status: 'ok' });
    expect(await (await fetch(`${info.url}/api/api/items`)).json()).toMatchObject({
      pagination: { total: 0 },
    });
    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
    expect(processesOf(portfolio)).toEqual([]);
  }, 240_000);
});

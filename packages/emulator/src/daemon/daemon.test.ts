import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daemonStatus, startDaemon, stopDaemon } from './daemon.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binPath = join(packageDir, 'dist', 'bin.js');

describe('emulator daemon', () => {
  let dir: string;

  beforeAll(async () => {
    // The daemon runs the built bin, as it does once published.
    if (!existsSync(binPath)) {
      const require = createRequire(join(packageDir, 'package.json'));
      const tsupDir = dirname(require.resolve('tsup/package.json'));
      const tsupBin = (require('tsup/package.json') as { bin: Record<string, string> }).bin.tsup as string;
      const build = spawnSync(process.execPath, [join(tsupDir, tsupBin)], {
        cwd: packageDir,
        stdio: 'inherit',
      });
      expect(build.status).toBe(0);
    }
    dir = await mkdtemp(join(tmpdir(), 'clodo-emulator-daemon-'));
  }, 120_000);
  afterAll(async () => {
    await stopDaemon(join(dir, 'state')).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  it('answers --help with exit 0', () => {
    const help = spawnSync(process.execPath, [binPath, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('clodo-emulator serve');
  }, 30_000);

  it('starts, reports, reuses and stops a background emulator', async () => {
    const stateDir = join(dir, 'state');
    const info = await startDaemon({ stateDir, binPath, apiToken: 'daemon-token-123' });
    expect(info.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(info.apiToken).toBe('daemon-token-123');
    expect((await stat(join(stateDir, 'emulator.json'))).mode & 0o777).toBe(0o600);

    const response = await fetch(`${info.apiBaseUrl}/accounts/${info.accountId}/workers/scripts`, {
      headers: { authorization: 'Bearer daemon-token-123' },
    });
    expect(await response.json()).toMatchObject({ success: true, result: [] });

    const status = await daemonStatus(stateDir);
    expect(status).toMatchObject({ running: true, pid: info.pid });
    expect(await startDaemon({ stateDir, binPath })).toMatchObject({ pid: info.pid });

    // The token never travels in the child's arguments.
    const cmdline = await readFile(`/proc/${info.pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain('daemon-token-123');

    expect(await stopDaemon(stateDir)).toEqual({ stopped: true });
    expect(await daemonStatus(stateDir)).toEqual({ running: false, stateDir });
    expect(existsSync(join(stateDir, 'emulator.lock'))).toBe(false);
  }, 90_000);

  it('recovers a stale lock left by a dead emulator', async () => {
    const stateDir = join(dir, 'stale');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    await startDaemon({ stateDir: join(dir, 'prime'), binPath }).then(() => stopDaemon(join(dir, 'prime')));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'emulator.lock'), String(dead.pid));
    const info = await startDaemon({ stateDir, binPath });
    expect(info.pid).not.toBe(dead.pid);
    expect(await stopDaemon(stateDir)).toEqual({ stopped: true });
  }, 90_000);
});

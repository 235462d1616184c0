import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../dist/bin.js');
const cwd = mkdtempSync(join(tmpdir(), 'clodo-cli-emulator-'));
const clodo = (...args: string[]) => {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
};

afterAll(() => {
  clodo('emulator', 'stop');
  rmSync(cwd, { recursive: true, force: true });
});

describe('clodo emulator', () => {
  it('starts in the background, reports its status without its token, and stops', async () => {
    const started = clodo('emulator', 'start', '--json');
    expect(started.code, started.stderr).toBe(0);
    const info = JSON.parse(started.stdout);
    expect(info).toMatchObject({
      running: true,
      apiBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/),
      apiToken: '***',
    });
    const token = JSON.parse(readFileSync(join(cwd, '.clodo/emulator/emulator.json'), 'utf8'))
      .apiToken as string;
    expect(started.stdout).not.toContain(token);

    const res = await fetch(`${info.apiBaseUrl}/accounts/${info.accountId}/workers/scripts`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);

    const again = JSON.parse(clodo('emulator', 'start', '--json').stdout);
    expect(again.pid).toBe(info.pid);
    expect(JSON.parse(clodo('emulator', 'status', '--json').stdout)).toMatchObject({
      running: true,
      pid: info.pid,
    });
    expect(JSON.parse(clodo('emulator', 'stop', '--json').stdout)).toMatchObject({ stopped: true });
    expect(JSON.parse(clodo('emulator', 'status', '--json').stdout)).toMatchObject({ running: false });
  }, 180_000);

  it('rejects a bad port as a usage error', () => {
    const res = clodo('emulator', 'start', '--port', 'eighty');
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('error --port must be an integer from 0 to 65535 (got "eighty")');
  }, 30_000);

  it('needs a subcommand (exit 2)', () => {
    expect(clodo('emulator').code).toBe(2);
  }, 30_000);
});

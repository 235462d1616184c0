import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runOldCommand } from './old-commands.js';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _enc, done) {
        out[key] += String(chunk);
        done();
      },
    });
  return { out, io: { stdout: sink('stdout'), stderr: sink('stderr'), env: {}, cwd } };
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('clodo-service', () => {
  it('answers --help with exit 0', async () => {
    const { out, io: streams } = io(process.cwd());
    expect(await runOldCommand(['--help'], streams)).toBe(0);
    expect(out.stdout).toContain('clodo create');
  });

  it('rejects an unknown old command, naming it', async () => {
    const { out, io: streams } = io(process.cwd());
    expect(await runOldCommand(['frobnicate'], streams)).not.toBe(0);
    expect(out.stderr).toContain('"frobnicate"');
  });

  it('runs create through clodo and names the new command on stderr', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'clodo-service-'));
    dirs.push(cwd);
    const { out, io: streams } = io(cwd);
    const code = await runOldCommand(['create', 'orders-api', '--help'], streams);
    expect(out.stderr).toContain('now `clodo create`');
    expect(code).toBe(0);
    expect(await readdir(cwd)).toEqual([]);
  });
});

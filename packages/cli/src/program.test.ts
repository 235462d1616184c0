import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './program.js';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await main(argv, { stdout, stderr, env, cwd: process.cwd() });
  return { code, out, err };
}

describe('clodo', () => {
  it('prints help with exit 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: clodo/);
    expect(out).toMatch(/Exit codes: 0 success, 1 failure, 2 usage error/);
  });

  it('prints its version', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown option with exit 2 and one line', async () => {
    const { code, err } = await run(['--bogus']);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/unknown option '--bogus'/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const { code, err } = await run(['depoly']);
    expect(code).toBe(2);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('every command', () => {
  it('answers --help with exit 0', async () => {
    const { COMMANDS } = await import('./commands/registry.js');
    const paths = COMMANDS.flatMap((c) =>
      c.subcommands ? c.subcommands.map((s) => [c.name, s.name]) : [[c.name]],
    );
    for (const path of paths) {
      const { code, out } = await run([...path, '--help']);
      expect(code, path.join(' ')).toBe(0);
      expect(out, path.join(' ')).toMatch(new RegExp(`^Usage: clodo ${path.join(' ')}`));
    }
  });
});

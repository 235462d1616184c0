import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importAll, runBinHelp } from './artifacts.ts';

let project: string;
afterEach(() => rmSync(project, { recursive: true, force: true }));

function fixture(bins: Record<string, string>): string {
  project = mkdtempSync(join(tmpdir(), 'clodo-bin-fixture-'));
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  for (const [name, body] of Object.entries(bins)) {
    const file = join(project, 'node_modules', '.bin', name);
    writeFileSync(file, `#!/usr/bin/env node\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return project;
}

describe('the bin check', () => {
  it('accepts a bin that prints usage and exits 0', () => {
    const dir = fixture({ good: "console.log('usage: good [options]')" });
    expect(runBinHelp(dir, 'good')).toEqual({ ok: true, message: 'bin "good" --help ok' });
  }, 60_000);

  it('fails a bin that does not start, naming it and showing its error', () => {
    const dir = fixture({
      broken:
        "import('./missing-module.js').then(() => {}, (e) => { console.error(e.message); process.exit(1); })",
    });
    const result = runBinHelp(dir, 'broken');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/bin "broken" --help exited 1/);
    expect(result.message).toMatch(/missing-module/);
  }, 60_000);

  it('fails a bin that is missing or prints nothing', () => {
    const dir = fixture({ silent: '' });
    expect(runBinHelp(dir, 'silent').message).toBe('bin "silent" --help printed nothing');
    expect(runBinHelp(dir, 'absent').message).toMatch(/bin "absent" was not installed/);
  }, 60_000);

  it('names an export subpath that cannot be imported', () => {
    const dir = fixture({});
    const failures = importAll(dir, ['node:path', '@clodo/not-installed/sub']);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^@clodo\/not-installed\/sub: /);
  }, 60_000);
});

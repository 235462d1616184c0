import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The main job, as a user runs it: `node tools/demo.mjs` (what `pnpm demo` runs after the build).
const demo = join(import.meta.dirname, '..');
const root = join(demo, '..', '..');

function runDemo(): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [join(root, 'tools', 'demo.mjs')], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

function secretValues(): string[] {
  const values: string[] = [];
  for (const service of ['catalog', 'accounts']) {
    const text = readFileSync(join(demo, 'services', service, '.dev.vars'), 'utf8');
    for (const line of text.split('\n')) {
      const value = line.split('=').slice(1).join('=');
      if (value) values.push(value);
    }
  }
  return values;
}

async function emulatorRunning(): Promise<boolean> {
  const info = join(demo, '.clodo', 'emulator', 'emulator.json');
  if (!existsSync(info)) return false;
  const { pid } = JSON.parse(readFileSync(info, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('pnpm demo', () => {
  it('scaffolds, deploys, tests, rolls back a broken release, reports, and leaves nothing running', async () => {
    const { code, output, ms } = await runDemo();
    expect(code, output).toBe(0);
    expect(output).toContain('Demo complete.');
    // Each step succeeded, numbered, and the broken release was rolled back to the live previous version.
    expect(output).not.toMatch(/^\s+✗ {0,2}\d+\./m);
    const before = /version before the broken release: (\S+)/.exec(output)?.[1];
    const after = /live version now: +(\S+)/.exec(output)?.[1];
    expect(before).toBeTruthy();
    expect(after).toBe(before);
    expect(output).toMatch(/GET \/health → 200/);
    expect(output).toMatch(/audit #\d+ +rollback +succeeded/);

    // Reports and audit log exist where the demo says.
    const reports = ['catalog', 'accounts', 'gateway'].map((s) =>
      join(demo, 'reports', s, 'clodo-test-report.html'),
    );
    for (const report of reports) {
      expect(existsSync(report), report).toBe(true);
      expect(output).toContain(report);
    }
    const audit = filesUnder(join(demo, '.clodo', 'audit'));
    expect(audit.length).toBeGreaterThan(0);
    expect(output).toContain(join(demo, '.clodo', 'audit'));

    // No secret value anywhere: output, audit trail, run states, reports.
    const secrets = secretValues();
    expect(secrets.length).toBe(3);
    const written = [
      ...audit,
      ...filesUnder(join(demo, '.clodo', 'runs')),
      ...filesUnder(join(demo, 'reports')),
    ];
    for (const secret of secrets) {
      expect(output.includes(secret)).toBe(false);
      for (const file of written) expect(readFileSync(file, 'utf8').includes(secret), file).toBe(false);
    }

    expect(await emulatorRunning()).toBe(false);
    // Loaded 2-core machines are slower than the ~3 minutes this takes alone.
    expect(ms).toBeLessThan(420_000);
  }, 480_000);
});

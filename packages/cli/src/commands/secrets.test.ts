import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '../..');
const bin = process.env.CLODO_TEST_BIN ?? join(pkg, 'dist/bin.js');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/secrets-'));
let project: string;
// Everything any command printed, to prove no secret value ever appears in it.
const printed: string[] = [];
const SEEDED = 'seeded-Secret-Value-9f8e7d6c5b4a39281706';

function clodo(args: string[], input?: string) {
  const res = spawnSync(process.execPath, [bin, ...args], {
    cwd: project,
    encoding: 'utf8',
    input: input ?? '',
    env: { ...process.env, NO_COLOR: '1' },
  });
  printed.push(res.stdout, res.stderr);
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function json(args: string[], input?: string) {
  const res = clodo([...args, '--json'], input);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
}

function devVars(): Record<string, string> {
  const text = readFileSync(join(project, '.dev.vars'), 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^([A-Z_]+)='?([^'\n]*)'?$/gm)].map((m) => [m[1] as string, m[2] as string]),
  );
}

/** Every file under a directory, read as text. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

beforeAll(() => {
  const created = spawnSync(
    process.execPath,
    [bin, 'create', 'vault', '--type', 'data-service', '--yes', '--json'],
    { cwd: work, encoding: 'utf8' },
  );
  expect(created.status, created.stderr).toBe(0);
  project = JSON.parse(created.stdout).dir;
}, 60_000);

afterAll(() => {
  clodo(['emulator', 'stop']);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('clodo secrets', () => {
  it('generates a value into .dev.vars and prints only its name and length', () => {
    const result = json(['secrets', 'generate', 'API_KEY']);
    const value = devVars().API_KEY as string;
    expect(value).toMatch(/^vault_[0-9a-f]{64}$/);
    expect(result).toEqual({
      service: 'vault',
      environment: 'development',
      file: '.dev.vars',
      name: 'API_KEY',
      length: value.length,
    });
    expect(statSync(join(project, '.dev.vars')).mode & 0o777).toBe(0o600);
    const again = clodo(['secrets', 'generate', 'API_KEY']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/API_KEY already exists in \.dev\.vars; rotate it/);
    expect(devVars().API_KEY).toBe(value);
  }, 60_000);

  it('sets a value from stdin only, never from an argument', () => {
    const res = clodo(['secrets', 'set', 'WEBHOOK_SECRET'], `${SEEDED}\n`);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe(`✓ WEBHOOK_SECRET set in .dev.vars (${SEEDED.length} characters)\n`);
    expect(devVars().WEBHOOK_SECRET).toBe(SEEDED);
    const empty = clodo(['secrets', 'set', 'WEBHOOK_SECRET'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim()).toBe('error the value of WEBHOOK_SECRET is empty');
    // A value given as an argument is refused by the parser before anything is stored.
    const argv = clodo(['secrets', 'set', 'OTHER', 'value-in-argv']);
    expect(argv.code).toBe(2);
    expect(devVars().OTHER).toBeUndefined();
  }, 60_000);

  it('lists names only', () => {
    expect(json(['secrets', 'list']).names).toEqual(['API_KEY', 'WEBHOOK_SECRET']);
  }, 60_000);

  it('rotates, keeping the old value as NAME_PREVIOUS until --complete', () => {
    const before = devVars().WEBHOOK_SECRET;
    const rotated = json(['secrets', 'rotate', 'WEBHOOK_SECRET']);
    expect(rotated).toMatchObject({ name: 'WEBHOOK_SECRET', previousName: 'WEBHOOK_SECRET_PREVIOUS' });
    const after = devVars();
    expect(after.WEBHOOK_SECRET_PREVIOUS).toBe(before);
    expect(after.WEBHOOK_SECRET).not.toBe(before);
    expect(json(['secrets', 'rotate', 'WEBHOOK_SECRET', '--complete']).removed).toEqual([
      'WEBHOOK_SECRET_PREVIOUS',
    ]);
    expect(Object.keys(devVars()).sort()).toEqual(['API_KEY', 'WEBHOOK_SECRET']);
  }, 60_000);

  it('pushes to the deployed worker on the local target through wrangler, audited without values', () => {
    expect(clodo(['emulator', 'start']).code).toBe(0);
    const pushed = json(['secrets', 'set', 'WEBHOOK_SECRET', '--target', 'local'], SEEDED);
    expect(pushed.pushed).toEqual([
      { unit: 'vault', worker: 'vault-development', created: ['WEBHOOK_SECRET'], updated: [] },
    ]);
    const listed = json(['secrets', 'list', '--target', 'local']);
    expect(listed.deployed).toEqual([
      { unit: 'vault', worker: 'vault-development', names: ['WEBHOOK_SECRET'] },
    ]);
    const rotated = json(['secrets', 'rotate', 'WEBHOOK_SECRET', '--target', 'local']);
    expect(rotated.pushed[0]).toMatchObject({
      created: ['WEBHOOK_SECRET_PREVIOUS'],
      updated: ['WEBHOOK_SECRET'],
    });
    const completed = json(['secrets', 'rotate', 'WEBHOOK_SECRET', '--complete', '--target', 'local']);
    expect(completed).toMatchObject({
      removed: ['WEBHOOK_SECRET_PREVIOUS'],
      removedFrom: ['vault-development'],
    });
    expect(json(['secrets', 'list', '--target', 'local']).deployed[0].names).toEqual(['WEBHOOK_SECRET']);
    const audit = filesUnder(join(project, '.clodo/audit')).join('\n');
    expect(audit).toContain('WEBHOOK_SECRET');
    for (const text of [audit, ...filesUnder(join(project, '.clodo/wrangler'))]) {
      expect(text).not.toContain(SEEDED);
    }
  }, 180_000);

  it('needs --yes to change a production worker when not on a terminal, and stores nothing without it', () => {
    const res = clodo(
      ['secrets', 'set', 'WEBHOOK_SECRET', '--env', 'production', '--target', 'local'],
      SEEDED,
    );
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(
      'error change WEBHOOK_SECRET on the production workers: production is a production environment; pass --yes to confirm',
    );
    expect(existsSync(join(project, '.dev.vars.production'))).toBe(false);
  }, 60_000);

  it('rejects a bad name (exit 2) and never prints a value', () => {
    const res = clodo(['secrets', 'generate', '9LIVES']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/invalid secret name "9LIVES"/);
    const values = Object.values(devVars());
    expect(values.length).toBeGreaterThan(1);
    for (const text of printed) {
      expect(text).not.toContain(SEEDED);
      for (const value of values) expect(text).not.toContain(value);
    }
  }, 60_000);
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalSecretStore } from './local.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clodo-local-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const quiet = { warn: () => {}, isGitIgnored: async () => true };

describe('LocalSecretStore', () => {
  it('creates .dev.vars with mode 0600 and reads values back', async () => {
    const path = join(dir, '.dev.vars');
    const store = new LocalSecretStore({ path, ...quiet });
    expect(await store.list()).toEqual([]);
    await store.set('JWT_SECRET', 's3cret-value');
    await store.setMany({ API_KEY: "it's odd", B: 'two' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await store.list()).toEqual(['API_KEY', 'B', 'JWT_SECRET']);
    expect(await store.get('API_KEY')).toBe("it's odd");
    expect(await store.get('MISSING')).toBeUndefined();
    await store.delete('B');
    await store.delete('B');
    expect(await store.list()).toEqual(['API_KEY', 'JWT_SECRET']);
    expect(readdirSync(dir)).toEqual(['.dev.vars']);
  });

  it('keeps comments and other entries, and tightens loose permissions on write', async () => {
    const path = join(dir, '.dev.vars');
    writeFileSync(path, '# local only\nA=1\nA=dup\nOTHER="x"\n');
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    const store = new LocalSecretStore({
      path,
      warn: (m) => warnings.push(m),
      isGitIgnored: async () => true,
    });
    await store.set('A', 'new');
    expect(readFileSync(path, 'utf8')).toBe("# local only\nA='new'\nOTHER='x'\n");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([expect.stringMatching(/readable by other users \(mode 644\)/)]);
  });

  it('serializes concurrent writes so none is lost', async () => {
    const store = new LocalSecretStore({ path: join(dir, '.dev.vars'), ...quiet });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`K${i}`, `v${i}`)));
    expect(await store.list()).toHaveLength(20);
  });

  it('warns when git does not ignore the file, using real git', async () => {
    execFileSync('git', ['init', '-q', dir]);
    const warnings: string[] = [];
    const exposed = new LocalSecretStore({ path: join(dir, '.dev.vars'), warn: (m) => warnings.push(m) });
    await exposed.set('A', 'value-1');
    expect(warnings).toEqual([
      expect.stringMatching(/\.dev\.vars is not ignored by git; add it to \.gitignore/),
    ]);

    writeFileSync(join(dir, '.gitignore'), '.dev.vars\n');
    const ignoredWarnings: string[] = [];
    const ignored = new LocalSecretStore({
      path: join(dir, '.dev.vars'),
      warn: (m) => ignoredWarnings.push(m),
    });
    await ignored.set('B', 'value-2');
    expect(ignoredWarnings).toEqual([]);
  });

  it('rejects bad names and values and leaves the file untouched', async () => {
    const path = join(dir, '.dev.vars');
    const store = new LocalSecretStore({ path, ...quiet });
    await store.set('A', 'keep');
    const before = readFileSync(path, 'utf8');
    await expect(store.set('1BAD', 'x')).rejects.toThrow(/secret name "1BAD" is not a valid secret name/);
    await expect(store.set('A', 5 as unknown as string)).rejects.toThrow(/value of A must be a string/);
    await expect(store.set('A', 'a\'b`c"d')).rejects.toThrow(/value of A cannot be written/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['.dev.vars']);
  });

  it('reports a malformed file by line, and an unwritable directory by path', async () => {
    const path = join(dir, '.dev.vars');
    writeFileSync(path, 'A=1\nnot valid\n', { mode: 0o600 });
    await expect(new LocalSecretStore({ path, ...quiet }).list()).rejects.toThrow(
      /\.dev\.vars:2: expected NAME=value/,
    );
    const missingDir = new LocalSecretStore({ path: join(dir, 'nope', '.dev.vars'), ...quiet });
    await expect(missingDir.set('A', 'x')).rejects.toThrow(/could not write .*nope\/\.dev\.vars: ENOENT/);
    expect(() => new LocalSecretStore({ path: '' })).toThrow(/options\.path/);
  });
});

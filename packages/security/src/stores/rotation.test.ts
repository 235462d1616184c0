import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateJwtSecret } from '../secrets/generate.js';
import { LocalSecretStore } from './local.js';
import { rotateSecret } from './rotation.js';
import type { SecretStore } from './secret-store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function localStore(): LocalSecretStore {
  dir = mkdtempSync(join(tmpdir(), 'clodo-rotation-'));
  return new LocalSecretStore({
    path: join(dir, '.dev.vars'),
    warn: () => {},
    isGitIgnored: async () => true,
  });
}

/** A write-only store, like a deployed Worker's secrets. */
function writeOnlyStore(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    list: async () => [...values.keys()].sort(),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}

describe('rotateSecret', () => {
  it('keeps the previous value until the rotation completes', async () => {
    const store = localStore();
    await store.set('JWT_SECRET', 'old-value-123456');
    const rotation = await rotateSecret(store, 'JWT_SECRET', generateJwtSecret);
    expect(rotation.previousName).toBe('JWT_SECRET_PREVIOUS');
    expect(await store.get('JWT_SECRET')).toBe(rotation.value);
    expect(await store.get('JWT_SECRET_PREVIOUS')).toBe('old-value-123456');
    expect(JSON.stringify(rotation)).not.toContain(rotation.value);
    await rotation.complete();
    expect(await store.list()).toEqual(['JWT_SECRET']);
    expect(await store.get('JWT_SECRET')).toBe(rotation.value);
  });

  it('rolls back to the previous value', async () => {
    const store = localStore();
    await store.set('API_KEY', 'old-value-123456');
    const rotation = await rotateSecret(store, 'API_KEY', () => 'new-value-654321', {
      previousSuffix: '_OLD',
    });
    expect(await store.list()).toEqual(['API_KEY', 'API_KEY_OLD']);
    await rotation.rollback();
    expect(await store.list()).toEqual(['API_KEY']);
    expect(await store.get('API_KEY')).toBe('old-value-123456');
  });

  it('creates a first value with nothing to keep', async () => {
    const store = localStore();
    const rotation = await rotateSecret(store, 'NEW_SECRET', async () => 'first-value-000001');
    expect(rotation.previousName).toBeUndefined();
    await rotation.complete();
    expect(await store.list()).toEqual(['NEW_SECRET']);
  });

  it('needs the current value from the caller when the store cannot read it', async () => {
    const store = writeOnlyStore();
    store.values.set('TOKEN', 'deployed-value-1');
    await expect(rotateSecret(store, 'TOKEN', generateJwtSecret)).rejects.toMatchObject({
      code: 'ROTATION_NEEDS_CURRENT_VALUE',
    });
    expect(store.values.get('TOKEN')).toBe('deployed-value-1');
    const rotation = await rotateSecret(store, 'TOKEN', generateJwtSecret, {
      currentValue: 'deployed-value-1',
    });
    expect(store.values.get('TOKEN_PREVIOUS')).toBe('deployed-value-1');
    expect(store.values.get('TOKEN')).toBe(rotation.value);
  });

  it('rejects a generator that returns nothing or the same value', async () => {
    const store = localStore();
    await store.set('S', 'same-value-0001');
    await expect(rotateSecret(store, 'S', () => '')).rejects.toThrow(
      /generate must return a non-empty string/,
    );
    await expect(rotateSecret(store, 'S', () => 'same-value-0001')).rejects.toThrow(/equals the current one/);
    await expect(rotateSecret(store, 'bad name', () => 'x')).rejects.toThrow(/not a valid secret name/);
    expect(await store.list()).toEqual(['S']);
  });
});

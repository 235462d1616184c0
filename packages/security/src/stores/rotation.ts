import { SecurityError, SecurityErrorCode } from '../errors.js';
import { assertSecretName, type SecretStore } from './secret-store.js';

export interface RotateSecretOptions {
  /** The value being replaced, for stores that cannot read values back (a deployed Worker). */
  currentValue?: string;
  /** Suffix of the name that keeps the previous value (default `_PREVIOUS`). */
  previousSuffix?: string;
}

/** A rotation in progress: the new value is stored and the previous one is still accepted. */
export interface SecretRotation {
  name: string;
  /** Where the previous value is kept until `complete()`; undefined when there was no previous value. */
  previousName: string | undefined;
  /** The new value, to hand to clients. Not enumerable, so it stays out of logs and JSON. */
  value: string;
  /** Call once the new value is deployed everywhere: removes the previous value. */
  complete(): Promise<void>;
  /** Puts the previous value back and removes the copy (or removes the new secret if there was none). */
  rollback(): Promise<void>;
}

/**
 * Rotates `name` in `store`: the current value moves to `<name>_PREVIOUS` (so verifiers accept both while
 * the new value rolls out) and a freshly generated value takes its place. Both are written in one
 * operation where the store supports it. Nothing is removed until `complete()`.
 */
export async function rotateSecret(
  store: SecretStore,
  name: string,
  generate: () => string | Promise<string>,
  options: RotateSecretOptions = {},
): Promise<SecretRotation> {
  assertSecretName(name);
  if (typeof generate !== 'function') {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'rotateSecret: generate must be a function returning the new value',
    );
  }
  const previousName = `${name}${options.previousSuffix ?? '_PREVIOUS'}`;
  assertSecretName(previousName, 'rotateSecret: name + previousSuffix');
  const exists = (await store.list()).includes(name);
  let current = options.currentValue;
  if (current === undefined && exists) {
    if (!store.get) {
      throw new SecurityError(
        SecurityErrorCode.ROTATION_NEEDS_CURRENT_VALUE,
        `rotateSecret: ${name} exists but this store cannot read it back; pass options.currentValue`,
      );
    }
    current = await store.get(name);
  }
  const value = await generate();
  if (typeof value !== 'string' || value.length === 0) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'rotateSecret: generate must return a non-empty string',
    );
  }
  if (value === current) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      `rotateSecret: the generated value for ${name} equals the current one`,
    );
  }
  const entries: Record<string, string> =
    current !== undefined ? { [previousName]: current, [name]: value } : { [name]: value };
  await setAll(store, entries);
  const previous = current;
  const rotation = {
    name,
    previousName: previous !== undefined ? previousName : undefined,
    async complete() {
      if (previous !== undefined) await store.delete(previousName);
    },
    async rollback() {
      if (previous === undefined) {
        await store.delete(name);
        return;
      }
      await setAll(store, { [name]: previous });
      await store.delete(previousName);
    },
  } as SecretRotation;
  // Not enumerable, so logging or serializing the rotation does not print the new secret.
  Object.defineProperty(rotation, 'value', { value, enumerable: false });
  return rotation;
}

async function setAll(store: SecretStore, entries: Record<string, string>): Promise<void> {
  if (store.setMany) {
    await store.setMany(entries);
    return;
  }
  // Previous value first: if the second write fails, the current value is still in place and still valid.
  for (const [name, value] of Object.entries(entries)) await store.set(name, value);
}

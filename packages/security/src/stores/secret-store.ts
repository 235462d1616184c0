import { SecurityError, SecurityErrorCode } from '../errors.js';

/** Where secrets live (a local `.dev.vars`, a deployed Worker). Values go in; only names come out of `list`. */
export interface SecretStore {
  /** Names of the stored secrets, sorted. */
  list(): Promise<string[]>;
  /** The value, when the store can read values back (a Worker's secrets cannot be read). */
  get?(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** Sets several secrets in one operation where the store supports it. */
  setMany?(entries: Record<string, string>): Promise<void>;
  delete(name: string): Promise<void>;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws unless `name` is a valid secret (environment variable) name. */
export function assertSecretName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string' || !SECRET_NAME.test(name) || name.length > 256) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_SECRET_NAME,
      `${field}${typeof name === 'string' && name.length <= 64 ? ` "${name}"` : ''} is not a valid secret name: ` +
        'use letters, digits and _, not starting with a digit',
    );
  }
}

/** Throws unless `value` is a string; the message names the secret, never the value. */
export function assertSecretValue(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, `the value of ${name} must be a string`);
  }
}

import { SecurityError, SecurityErrorCode } from '../errors.js';
import { timingSafeEqual } from './constant-time.js';

const encoder = new TextEncoder();
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Two hex digits per byte value: a request authenticating with an API key hashes it on the hot path.
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** SHA-256 of the key's UTF-8 bytes, as 64 lowercase hex characters. Store this instead of the key. */
export async function hashApiKey(key: string): Promise<string> {
  if (typeof key !== 'string' || key.length === 0) {
    throw new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, 'hashApiKey: key must be a non-empty string');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(key)));
  let hex = '';
  for (let i = 0; i < digest.length; i++) hex += HEX_BYTE[digest[i] as number];
  return hex;
}

export interface ApiKeyVerificationOptions {
  /** Accepted keys in clear (e.g. from a Worker secret). Several allow rotation overlap. */
  keys?: readonly string[];
  /** Accepted keys as `hashApiKey` output (64 hex characters). */
  hashes?: readonly string[];
}

/**
 * True when `presented` matches one of the accepted keys or hashes. Every candidate is compared, over
 * SHA-256 digests of equal length, so neither the position of a match nor the key lengths leak through timing.
 */
export async function verifyApiKey(
  presented: string | null | undefined,
  options: ApiKeyVerificationOptions,
): Promise<boolean> {
  if (options === null || typeof options !== 'object') {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'verifyApiKey: options must be an object with `keys` and/or `hashes`',
    );
  }
  const keys = options.keys ?? [];
  const hashes = options.hashes ?? [];
  if (!Array.isArray(keys)) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'verifyApiKey: options.keys must be an array',
    );
  }
  if (!Array.isArray(hashes)) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'verifyApiKey: options.hashes must be an array',
    );
  }
  const expected: string[] = [];
  for (const [i, key] of keys.entries()) {
    if (typeof key !== 'string' || key.length === 0) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        `verifyApiKey: options.keys[${i}] must be a non-empty string`,
      );
    }
    expected.push(await hashApiKey(key));
  }
  for (const [i, hash] of hashes.entries()) {
    const normalized = typeof hash === 'string' ? hash.toLowerCase() : '';
    if (!SHA256_HEX.test(normalized)) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        `verifyApiKey: options.hashes[${i}] must be a SHA-256 hex digest (64 hex characters)`,
      );
    }
    expected.push(normalized);
  }
  if (typeof presented !== 'string' || presented.length === 0 || expected.length === 0) return false;
  const digest = await hashApiKey(presented);
  let matched = false;
  for (const candidate of expected) {
    // No short-circuit: every candidate is compared whatever the earlier results were.
    matched = timingSafeEqual(digest, candidate) || matched;
  }
  return matched;
}

import { type CryptoKey, type JWK, importJWK, importPKCS8, importSPKI, importX509 } from 'jose';
import { SecurityError, SecurityErrorCode } from '../errors.js';

/** An asymmetric key as PEM text (SPKI, PKCS#8 or X.509 certificate), a JWK object or JWK JSON text. */
export type KeyInput = string | JWK;

const encoder = new TextEncoder();
// Importing a PEM costs a parse and a Web Crypto call; Workers verify on every request, so keep them.
const imported = new Map<string, Promise<CryptoKey | Uint8Array>>();
const MAX_CACHED_KEYS = 64;

export function secretKey(secret: string | Uint8Array, field: string): Uint8Array {
  if (secret instanceof Uint8Array) {
    if (secret.length === 0) throw invalid(`${field} must not be empty`);
    return secret;
  }
  if (typeof secret !== 'string' || secret.length === 0) {
    throw invalid(`${field} must be a non-empty string or Uint8Array`);
  }
  return encoder.encode(secret);
}

/** Imports a public (`use: 'verify'`) or private (`use: 'sign'`) key for `alg`, cached by its text. */
export function asymmetricKey(
  input: KeyInput,
  alg: string,
  use: 'verify' | 'sign',
  field: string,
): Promise<CryptoKey | Uint8Array> {
  const cacheKey = `${use}:${alg}:${typeof input === 'string' ? input : JSON.stringify(input)}`;
  let key = imported.get(cacheKey);
  if (!key) {
    key = importKey(input, alg, use, field);
    // A key that failed to import is not cached, so a corrected secret is picked up without a restart.
    key.catch(() => imported.delete(cacheKey));
    if (imported.size >= MAX_CACHED_KEYS) imported.delete(imported.keys().next().value as string);
    imported.set(cacheKey, key);
  }
  return key;
}

async function importKey(
  input: KeyInput,
  alg: string,
  use: 'verify' | 'sign',
  field: string,
): Promise<CryptoKey | Uint8Array> {
  try {
    if (typeof input === 'string') {
      const text = input.trim();
      if (text.startsWith('{')) return await importJWK(JSON.parse(text) as JWK, alg);
      if (use === 'sign') {
        if (!text.includes('-----BEGIN PRIVATE KEY-----')) {
          throw invalid(`${field} must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") or a JWK`);
        }
        return await importPKCS8(text, alg);
      }
      if (text.includes('-----BEGIN CERTIFICATE-----')) return await importX509(text, alg);
      if (text.includes('-----BEGIN PUBLIC KEY-----')) return await importSPKI(text, alg);
      throw invalid(
        `${field} must be an SPKI PEM ("-----BEGIN PUBLIC KEY-----"), an X.509 certificate PEM or a JWK`,
      );
    }
    if (input === null || typeof input !== 'object') throw invalid(`${field} must be a PEM string or a JWK`);
    return await importJWK(input, alg);
  } catch (error) {
    if (error instanceof SecurityError) throw error;
    // The underlying message may quote key material; keep only what kind of failure it was.
    throw invalid(`${field} could not be imported as a ${alg} ${use === 'sign' ? 'private' : 'public'} key`);
  }
}

function invalid(message: string): SecurityError {
  return new SecurityError(SecurityErrorCode.INVALID_KEY, message);
}

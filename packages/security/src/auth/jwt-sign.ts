import {
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { SecurityError, SecurityErrorCode } from '../errors.js';
import { asymmetricKey, type KeyInput, secretKey } from './jwt-keys.js';

export type JwtSigningAlgorithm = 'HS256' | 'RS256';

export interface JwtSigningOptions {
  /** Shared secret: signs with HS256. */
  secret?: string | Uint8Array;
  /** Private key (PKCS#8 PEM, JWK object or JWK JSON): signs with RS256. */
  privateKey?: KeyInput;
  /** Key id written to the header, so a JWKS can pick the key. */
  kid?: string;
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  /** Lifetime: seconds after `issuedAt`, or a time span from now such as `'15m'`. */
  expiresIn?: number | string;
  /** Not valid before: seconds after `issuedAt` (may be negative), or a time span from now. */
  notBefore?: number | string;
  /** Issue time (default: now). */
  issuedAt?: Date;
}

/** Signs `payload` as a compact JWT (HS256 with `secret`, RS256 with `privateKey`). For tools and tests. */
export async function signJwt(payload: JWTPayload, options: JwtSigningOptions): Promise<string> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw bad('payload must be a plain object of claims');
  }
  if (options === null || typeof options !== 'object') throw bad('options must be an object');
  const { secret, privateKey } = options;
  if ((secret === undefined) === (privateKey === undefined)) {
    throw bad('give exactly one of `secret` (HS256) or `privateKey` (RS256)');
  }
  const alg: JwtSigningAlgorithm = secret !== undefined ? 'HS256' : 'RS256';
  const key =
    secret !== undefined
      ? secretKey(secret, 'signJwt: options.secret')
      : await asymmetricKey(privateKey as KeyInput, alg, 'sign', 'signJwt: options.privateKey');
  const issuedAt = options.issuedAt ?? new Date();
  if (!(issuedAt instanceof Date) || Number.isNaN(issuedAt.getTime()))
    throw bad('issuedAt must be a valid Date');
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const jwt = new SignJWT(payload).setProtectedHeader(
    options.kid !== undefined ? { alg, typ: 'JWT', kid: options.kid } : { alg, typ: 'JWT' },
  );
  jwt.setIssuedAt(iat);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  if (options.expiresIn !== undefined) jwt.setExpirationTime(relative(iat, options.expiresIn, 'expiresIn'));
  if (options.notBefore !== undefined) jwt.setNotBefore(relative(iat, options.notBefore, 'notBefore'));
  return jwt.sign(key);
}

export interface SigningKeyPair {
  /** SPKI PEM, for `verifyJwt({ publicKey })`. */
  publicKeyPem: string;
  /** PKCS#8 PEM, for `signJwt({ privateKey })`. Treat as a secret. */
  privateKeyPem: string;
  /** Public JWK with `kid`, `alg` and `use`, ready to publish in a JWKS. */
  publicJwk: JWK;
  privateJwk: JWK;
}

/** Generates an RS256 key pair (2048-bit) with the given key id. For tools and tests. */
export async function generateSigningKeyPair(kid = 'key-1'): Promise<SigningKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', {
    extractable: true,
    modulusLength: 2048,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return {
    publicKeyPem: await exportSPKI(publicKey),
    privateKeyPem: await exportPKCS8(privateKey),
    publicJwk,
    privateJwk,
  };
}

function relative(iat: number, value: number | string, field: string): number | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw bad(`${field} must be a finite number of seconds`);
    return iat + Math.trunc(value);
  }
  if (typeof value === 'string' && value.length > 0) return value;
  throw bad(`${field} must be seconds or a time span such as "15m"`);
}

function bad(message: string): SecurityError {
  return new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, `signJwt: ${message}`);
}

import {
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  createRemoteJWKSet,
  errors,
  jwtVerify,
} from 'jose';
import { JwtErrorCode, SecurityError, SecurityErrorCode } from '../errors.js';
import { asymmetricKey, type KeyInput, secretKey } from './jwt-keys.js';

export interface JwtVerificationOptions {
  /**
   * Shared secret for HS256 tokens, or several (current first, then `<NAME>_PREVIOUS`) while a rotation
   * is rolling out; a token verifies if any of them signed it.
   */
  secret?: string | Uint8Array | readonly (string | Uint8Array)[];
  /** Public key for RS256 tokens: SPKI PEM, X.509 certificate PEM, JWK object or JWK JSON. */
  publicKey?: KeyInput;
  /** JWKS endpoint; keys are fetched on demand, cached, and refetched for an unknown `kid`. */
  jwksUrl?: string | URL;
  /** Accepted `iss` value(s). Unset: `iss` is not checked. */
  issuer?: string | readonly string[];
  /** Accepted `aud` value(s); the token must name at least one. Unset: `aud` is not checked. */
  audience?: string | readonly string[];
  /** Allowed clock skew for `exp`/`nbf`, in seconds (default 0). */
  clockToleranceSec?: number;
  /** Claims that must be present, e.g. `['exp', 'sub']`. */
  requiredClaims?: readonly string[];
  /** Accepted algorithms (default: HS256 with `secret`, RS256 with `publicKey`/`jwksUrl`). */
  algorithms?: readonly string[];
  /** Reference time, for tests and tools (default: now). */
  currentDate?: Date;
}

export type JwtVerificationResult =
  | { ok: true; payload: JWTPayload; header: { alg: string; kid?: string } }
  | { ok: false; code: JwtErrorCode; message: string };

/** Marks any failure to obtain the key set (network, status, body), as opposed to a bad token. */
class JwksUnavailable extends Error {}

const remoteSets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const MAX_REMOTE_SETS = 16;

/**
 * Verifies a compact JWS token: signature (HS256 / RS256 / JWKS), then `exp`, `nbf`, `iss`, `aud`.
 * Token problems come back as `{ ok: false, code }`; only misconfigured options throw.
 */
export async function verifyJwt(
  token: string | null | undefined,
  options: JwtVerificationOptions,
): Promise<JwtVerificationResult> {
  const { keyFor, hmacCount, algorithms } = keyResolver(options);
  if (typeof token !== 'string' || token.length === 0) {
    return fail(JwtErrorCode.MISSING_TOKEN, 'no token was presented');
  }
  if (token.split('.').length !== 3) {
    return fail(JwtErrorCode.MALFORMED, 'the token is not a compact JWS (three dot-separated parts)');
  }
  const verifyOptions: JWTVerifyOptions = { algorithms: [...algorithms] };
  if (options.issuer !== undefined) verifyOptions.issuer = toList(options.issuer, 'issuer');
  if (options.audience !== undefined) verifyOptions.audience = toList(options.audience, 'audience');
  if (options.clockToleranceSec !== undefined) {
    if (!Number.isFinite(options.clockToleranceSec) || options.clockToleranceSec < 0) {
      throw badOption('clockToleranceSec must be a number of seconds >= 0');
    }
    verifyOptions.clockTolerance = options.clockToleranceSec;
  }
  if (options.requiredClaims) verifyOptions.requiredClaims = [...options.requiredClaims];
  if (options.currentDate) verifyOptions.currentDate = options.currentDate;
  for (let attempt = 0; ; attempt++) {
    const usage = { hmac: false };
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keyFor(attempt, usage), verifyOptions);
      const header: { alg: string; kid?: string } = { alg: protectedHeader.alg };
      if (protectedHeader.kid !== undefined) header.kid = protectedHeader.kid;
      return { ok: true, payload, header };
    } catch (error) {
      if (error instanceof SecurityError) throw error;
      const result = classify(error);
      // Only a signature mismatch under a shared secret is worth retrying with the next secret.
      const retry = !result.ok && result.code === JwtErrorCode.BAD_SIGNATURE && usage.hmac;
      if (!retry || attempt + 1 >= hmacCount) return result;
    }
  }
}

interface KeyResolver {
  /** The key lookup for one attempt; `usage.hmac` records whether a shared secret was used. */
  keyFor(attempt: number, usage: { hmac: boolean }): JWTVerifyGetKey;
  hmacCount: number;
  algorithms: string[];
}

function keyResolver(options: JwtVerificationOptions): KeyResolver {
  if (options === null || typeof options !== 'object') {
    throw badOption('options must be an object with `secret`, `publicKey` or `jwksUrl`');
  }
  const { secret, publicKey, jwksUrl } = options;
  if (secret === undefined && publicKey === undefined && jwksUrl === undefined) {
    throw badOption('give at least one of `secret` (HS256), `publicKey` (RS256) or `jwksUrl`');
  }
  const hmac = hmacKeys(secret);
  const remote = jwksUrl !== undefined ? remoteSet(jwksUrl) : undefined;
  const defaults = [
    ...(hmac.length > 0 ? ['HS256'] : []),
    ...(publicKey !== undefined || remote ? ['RS256'] : []),
  ];
  const algorithms = options.algorithms ? [...options.algorithms] : defaults;
  if (algorithms.length === 0 || algorithms.some((a) => typeof a !== 'string' || a === 'none')) {
    throw badOption('algorithms must list at least one algorithm, and never "none"');
  }
  const keyFor =
    (attempt: number, usage: { hmac: boolean }): JWTVerifyGetKey =>
    async (header, token) => {
      const alg = header.alg ?? '';
      if (alg.startsWith('HS')) {
        const key = hmac[attempt];
        if (!key) throw new errors.JOSEAlgNotAllowed('no shared secret is configured for HMAC tokens');
        usage.hmac = true;
        return key;
      }
      if (publicKey !== undefined) {
        try {
          return await asymmetricKey(publicKey, alg, 'verify', 'verifyJwt: options.publicKey');
        } catch (error) {
          // A key that does not fit the token's (allowed) algorithm is the token's problem, not a 500.
          if (alg !== 'RS256' && error instanceof SecurityError) {
            throw new errors.JOSEAlgNotAllowed('the public key does not fit the token algorithm');
          }
          throw error;
        }
      }
      if (remote) {
        try {
          return await remote(header, token);
        } catch (error) {
          if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JOSENotSupported)
            throw error;
          throw new JwksUnavailable();
        }
      }
      throw new errors.JOSEAlgNotAllowed('no public key or JWKS is configured for asymmetric tokens');
    };
  return { keyFor, hmacCount: hmac.length, algorithms };
}

function hmacKeys(secret: JwtVerificationOptions['secret']): Uint8Array[] {
  if (secret === undefined) return [];
  if (typeof secret === 'string' || secret instanceof Uint8Array)
    return [secretKey(secret, 'verifyJwt: options.secret')];
  if (!Array.isArray(secret) || secret.length === 0) {
    throw badOption('secret must be a string, a Uint8Array or a non-empty array of them');
  }
  return secret.map((s, i) => secretKey(s, `verifyJwt: options.secret[${i}]`));
}

function remoteSet(jwksUrl: string | URL): ReturnType<typeof createRemoteJWKSet> {
  let url: URL;
  try {
    url = new URL(String(jwksUrl));
  } catch {
    throw badOption('jwksUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badOption('jwksUrl must be an absolute http(s) URL');
  }
  // One resolver per URL keeps jose's key cache alive across requests in the same isolate.
  let set = remoteSets.get(url.href);
  if (!set) {
    set = createRemoteJWKSet(url, { timeoutDuration: 5000, cooldownDuration: 30_000 });
    if (remoteSets.size >= MAX_REMOTE_SETS) remoteSets.delete(remoteSets.keys().next().value as string);
    remoteSets.set(url.href, set);
  }
  return set;
}

function classify(error: unknown): JwtVerificationResult {
  if (error instanceof errors.JWTExpired) {
    if (error.claim === 'iat') return fail(JwtErrorCode.BAD_CLAIM, 'the token was issued too long ago');
    return fail(JwtErrorCode.TOKEN_EXPIRED, 'the token has expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return fail(JwtErrorCode.TOKEN_NOT_YET_VALID, 'the token is not valid yet (nbf is in the future)');
      case 'iss':
        return fail(JwtErrorCode.BAD_ISSUER, 'the token issuer (iss) is not accepted');
      case 'aud':
        return fail(JwtErrorCode.BAD_AUDIENCE, 'the token audience (aud) is not accepted');
      default:
        return fail(JwtErrorCode.BAD_CLAIM, `the "${error.claim}" claim is ${error.reason}`);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return fail(JwtErrorCode.BAD_SIGNATURE, 'the token signature does not verify');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return fail(JwtErrorCode.UNSUPPORTED_ALGORITHM, 'the token algorithm is not accepted');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return fail(JwtErrorCode.KEY_NOT_FOUND, 'no key in the JWKS matches the token');
  }
  if (error instanceof JwksUnavailable) {
    return fail(JwtErrorCode.JWKS_UNAVAILABLE, 'the JWKS endpoint did not return a usable key set');
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JWKInvalid
  ) {
    return fail(JwtErrorCode.MALFORMED, 'the token is malformed');
  }
  return fail(JwtErrorCode.MALFORMED, 'the token is malformed');
}

function toList(value: string | readonly string[], field: string): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? [...value] : undefined;
  if (!list || list.length === 0 || list.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw badOption(`${field} must be a non-empty string or array of strings`);
  }
  return list;
}

function fail(code: JwtErrorCode, message: string): JwtVerificationResult {
  return { ok: false, code, message };
}

function badOption(message: string): SecurityError {
  return new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, `verifyJwt: ${message}`);
}

import {
  hashApiKey,
  type JwtVerificationOptions,
  looksLikeJwt,
  readCredentials,
  verifyApiKey,
  verifyJwt,
  wwwAuthenticate,
} from '@clodo/security/worker';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { definitionError, ServiceErrorCode } from '../errors.js';
import type { Principal } from '../http/context.js';
import { errorJson } from '../http/envelope.js';

type Env = Record<string, unknown>;

/**
 * Where accepted secrets come from: a binding name whose value is a comma-separated list (`'API_KEYS'`),
 * a fixed list, or a function of the environment (`(env) => [env.API_KEY, env.API_KEY_PREVIOUS]`).
 */
export type SecretSource =
  | string
  | readonly string[]
  | ((env: Env) => readonly (string | undefined | null)[]);

export interface AuthOptions {
  apiKeys?: {
    /** Keys allowed to read and write. */
    keys?: SecretSource;
    /** SHA-256 hex digests of keys (`hashApiKey` from `@clodo/security/worker`). */
    hashes?: SecretSource;
    /** Keys allowed to read only: a write with one is 403. */
    readOnlyKeys?: SecretSource;
  };
  /** JWT verification (HS256 secret, RS256 public key or JWKS URL; `exp`, `nbf`, `iss`, `aud` checked). */
  jwt?: JwtVerificationOptions | ((env: Env) => JwtVerificationOptions);
  /** Reads (GET, HEAD) need no credentials. Writes always do. */
  publicRead?: boolean;
  /** Final say for an authenticated request: false gives 403. */
  authorize?: (
    principal: Principal,
    request: { method: string; path: string; write: boolean },
  ) => boolean | Promise<boolean>;
  /** Realm in `WWW-Authenticate` (default `clodo`). */
  realm?: string;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function secrets(source: SecretSource | undefined, env: Env): string[] {
  if (source === undefined) return [];
  let values: readonly unknown[];
  if (typeof source === 'string') {
    const raw = env[source];
    values = typeof raw === 'string' ? raw.split(',') : [];
  } else if (typeof source === 'function') values = source(env);
  else values = source;
  return values.filter((v): v is string => typeof v === 'string' && v.trim().length > 0).map((v) => v.trim());
}

// SHA-256 digests of the configured keys, computed once per isolate and key set instead of on every
// request; verifyApiKey then hashes only the presented key and still compares against every candidate.
// An entry is the pending digest until it resolves, then the digests themselves (no promise to await).
const keyDigests = new Map<string, string[] | Promise<string[]>>();
// The same, by the raw value of a binding (`'API_KEY'` sources): the common case needs no list built per request.
const bindingDigests = new Map<string, string[] | Promise<string[]>>();

function cachedDigests(
  cache: Map<string, string[] | Promise<string[]>>,
  id: string,
  keys: () => readonly string[],
): string[] | Promise<string[]> {
  const cached = cache.get(id);
  if (cached) return cached;
  if (cache.size >= 16) cache.clear();
  const pending = Promise.all(keys().map((key) => hashApiKey(key)));
  cache.set(id, pending);
  pending.then(
    (digests) => {
      if (cache.get(id) === pending) cache.set(id, digests);
    },
    () => {
      if (cache.get(id) === pending) cache.delete(id);
    },
  );
  return pending;
}

const NO_DIGESTS: string[] = [];

function digestsOf(source: SecretSource | undefined, env: Env): string[] | Promise<string[]> {
  if (typeof source === 'string') {
    const raw = env[source];
    if (typeof raw !== 'string') return NO_DIGESTS;
    return cachedDigests(bindingDigests, raw, () => secrets(source, env));
  }
  const keys = secrets(source, env);
  if (keys.length === 0) return NO_DIGESTS;
  return cachedDigests(keyDigests, JSON.stringify(keys), () => keys);
}

function presentedCredential(c: Context): { kind: 'api-key' | 'bearer'; value: string } | undefined {
  const presented = readCredentials(c.req.raw.headers);
  if (presented.apiKey) return { kind: 'api-key', value: presented.apiKey };
  return presented.bearerToken ? { kind: 'bearer', value: presented.bearerToken } : undefined;
}

/** Resolves the request's credentials to a principal, or undefined when none verifies. */
export async function authenticate(c: Context, options: AuthOptions): Promise<Principal | undefined> {
  return principalOf(c, options, presentedCredential(c));
}

async function principalOf(
  c: Context,
  options: AuthOptions,
  credential: ReturnType<typeof presentedCredential>,
): Promise<Principal | undefined> {
  if (!credential) return undefined;
  const env = (c.env ?? {}) as Env;
  if (credential.kind === 'bearer' && looksLikeJwt(credential.value) && options.jwt) {
    const jwtOptions = typeof options.jwt === 'function' ? options.jwt(env) : options.jwt;
    const result = await verifyJwt(credential.value, jwtOptions);
    if (!result.ok) return undefined;
    const claims = result.payload as Record<string, unknown>;
    const principal: Principal = { type: 'jwt', claims };
    if (typeof claims.sub === 'string') principal.subject = claims.sub;
    return principal;
  }
  const apiKeys = options.apiKeys;
  if (!apiKeys) return undefined;
  const pending = digestsOf(apiKeys.keys, env);
  const digests = Array.isArray(pending) ? pending : await pending;
  const hashes = apiKeys.hashes === undefined ? digests : [...digests, ...secrets(apiKeys.hashes, env)];
  if (hashes.length > 0 && (await verifyApiKey(credential.value, { hashes }))) {
    return { type: 'api-key', readOnly: false };
  }
  if (apiKeys.readOnlyKeys === undefined) return undefined;
  const readOnly = await digestsOf(apiKeys.readOnlyKeys, env);
  if (readOnly.length > 0 && (await verifyApiKey(credential.value, { hashes: readOnly }))) {
    return { type: 'api-key', readOnly: true };
  }
  return undefined;
}

/**
 * Requires an API key (`X-API-Key` or `Authorization: Bearer`, compared in constant time) or a JWT.
 * Missing or bad credentials give 401 with `WWW-Authenticate`; credentials without the right give 403.
 */
export function auth(options: AuthOptions): MiddlewareHandler {
  if (!options || typeof options !== 'object') throw definitionError('auth: expected an options object');
  if (!options.apiKeys && !options.jwt) throw definitionError('auth: configure apiKeys and/or jwt');
  const realm = options.realm ?? 'clodo';
  const check = async (c: Context, next: Next, write: boolean) => {
    const credential = presentedCredential(c);
    const presented = credential !== undefined;
    const principal = await principalOf(c, options, credential);
    if (!principal) {
      const challenge = wwwAuthenticate(presented ? { realm, error: 'invalid_token' } : { realm });
      const message = presented ? 'the presented credentials are not valid' : 'authentication required';
      return errorJson(c, 401, ServiceErrorCode.UNAUTHORIZED, message, undefined, {
        'WWW-Authenticate': challenge,
      });
    }
    const allowed =
      !(write && principal.type === 'api-key' && principal.readOnly) &&
      (options.authorize
        ? await options.authorize(principal, { method: c.req.method, path: c.req.path, write })
        : true);
    if (!allowed)
      return errorJson(c, 403, ServiceErrorCode.FORBIDDEN, `not allowed to ${write ? 'write' : 'read'} here`);
    c.set('principal', principal);
    await next();
  };
  // A public read passes straight through, without a promise of its own.
  return (c, next) => {
    const write = !READ_METHODS.has(c.req.method);
    if (!write && options.publicRead) return next();
    return check(c, next, write);
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generateKeyPair, SignJWT } from 'jose';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, type SigningKeyPair, signJwt } from './worker.js';

// Everything in this file runs the worker entry inside workerd, bundled the way a service would be.
let mf: Miniflare;
let jwksServer: Server;
let jwksUrl: string;
let jwksHits = 0;
let rsa: SigningKeyPair;
let other: SigningKeyPair;
const SECRET = 'a-test-shared-secret-that-is-long-enough-for-hs256';

async function call<T = unknown>(fn: string, ...args: unknown[]): Promise<T> {
  const response = await mf.dispatchFetch('http://worker/call', {
    method: 'POST',
    body: JSON.stringify({ fn, args }),
  });
  const body = (await response.json()) as { runtime: string; result?: T; thrown?: unknown };
  expect(body.runtime).toBe('Cloudflare-Workers');
  if (body.thrown) throw Object.assign(new Error('thrown in worker'), { detail: body.thrown });
  return body.result as T;
}

async function thrown(
  fn: string,
  ...args: unknown[]
): Promise<{ name: string; message: string; code: string }> {
  try {
    await call(fn, ...args);
  } catch (error) {
    return (error as { detail: { name: string; message: string; code: string } }).detail;
  }
  throw new Error(`${fn} did not throw`);
}

beforeAll(async () => {
  [rsa, other] = await Promise.all([generateSigningKeyPair('k1'), generateSigningKeyPair('k2')]);
  jwksServer = createServer((req, res) => {
    jwksHits++;
    if (req.url === '/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [rsa.publicJwk] }));
    } else if (req.url === '/garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('not json');
    } else {
      res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;

  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./__fixtures__/auth-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  // A `node:` import in the worker entry would survive bundling as an import workerd rejects.
  expect(script).not.toMatch(/from\s*["']node:/);
  // This Miniflare takes a config-shaped option set; the classic single-script form converts to it.
  mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script, compatibilityDate: '2026-11-01' }));
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
});

describe('worker entry inside workerd', () => {
  it('runs in workerd', async () => {
    const response = await mf.dispatchFetch('http://worker/');
    expect(await response.json()).toEqual({ runtime: 'Cloudflare-Workers' });
  });

  it('reads X-API-Key and bearer credentials from a real request', async () => {
    const read = async (headers: Record<string, string>) =>
      (
        (await (await mf.dispatchFetch('http://worker/credentials', { headers })).json()) as {
          result: unknown;
        }
      ).result;
    expect(await read({ 'X-API-Key': ' orders_abc ' })).toEqual({ apiKey: 'orders_abc' });
    expect(await read({ Authorization: 'Bearer a.b.c' })).toEqual({ bearerToken: 'a.b.c' });
    expect(await read({ authorization: 'bearer tok', 'x-api-key': 'k' })).toEqual({
      apiKey: 'k',
      bearerToken: 'tok',
    });
    expect(await read({ Authorization: 'Basic dXNlcjpwYXNz' })).toEqual({});
    expect(await read({ Authorization: 'Bearer two parts', 'X-API-Key': '' })).toEqual({});
    expect(await call('looksLikeJwt', 'eyJ.eyJ.sig')).toBe(true);
    expect(await call('looksLikeJwt', 'orders_abc')).toBe(false);
    expect(
      await call('wwwAuthenticate', {
        realm: 'orders',
        error: 'invalid_token',
        description: 'the token "x" has expired',
      }),
    ).toBe('Bearer realm="orders", error="invalid_token", error_description="the token \\"x\\" has expired"');
    expect(await call('wwwAuthenticate')).toBe('Bearer');
  });

  it('timingSafeEqual compares whole strings of any length', async () => {
    expect(await call('timingSafeEqual', 'abc', 'abc')).toBe(true);
    expect(await call('timingSafeEqual', 'abc', 'abd')).toBe(false);
    expect(await call('timingSafeEqual', 'abc', 'abcd')).toBe(false);
    expect(await call('timingSafeEqual', '', '')).toBe(true);
    expect(await call('timingSafeEqual', 'é', 'e')).toBe(false);
  });

  it('hashApiKey is SHA-256 hex', async () => {
    // SHA-256("abc"), the FIPS 180-2 test vector.
    expect(await call('hashApiKey', 'abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('verifyApiKey accepts clear keys and hashes, rejects everything else', async () => {
    const hash = await call<string>('hashApiKey', 'svc_key_two');
    const options = { keys: ['svc_key_one'], hashes: [hash.toUpperCase()] };
    expect(await call('verifyApiKey', 'svc_key_one', options)).toBe(true);
    expect(await call('verifyApiKey', 'svc_key_two', options)).toBe(true);
    expect(await call('verifyApiKey', 'svc_key_on', options)).toBe(false);
    expect(await call('verifyApiKey', '', options)).toBe(false);
    expect(await call('verifyApiKey', null, options)).toBe(false);
    expect(await call('verifyApiKey', 'svc_key_one', {})).toBe(false);
    const bad = await thrown('verifyApiKey', 'x', { hashes: ['nothex'] });
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('hashes[0]') });
  });

  it('verifies HS256 tokens and reports each claim failure by code', async () => {
    const now = Math.floor(Date.now() / 1000);
    const options = { secret: SECRET, issuer: 'https://auth.test', audience: 'orders' };
    const good = await signJwt(
      { sub: 'u1' },
      { secret: SECRET, issuer: 'https://auth.test', audience: 'orders', expiresIn: 60 },
    );
    const ok = await call<{ ok: boolean; payload: Record<string, unknown> }>('verifyJwt', good, options);
    expect(ok).toMatchObject({ ok: true, payload: { sub: 'u1', iss: 'https://auth.test', aud: 'orders' } });

    const expired = await signJwt(
      {},
      { secret: SECRET, issuer: 'https://auth.test', audience: 'orders', expiresIn: -10 },
    );
    expect(await call('verifyJwt', expired, options)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    expect(await call('verifyJwt', expired, { ...options, clockToleranceSec: 30 })).toMatchObject({
      ok: true,
    });

    const future = await signJwt(
      {},
      { secret: SECRET, issuer: 'https://auth.test', audience: 'orders', notBefore: 120 },
    );
    expect(await call('verifyJwt', future, options)).toMatchObject({
      ok: false,
      code: 'TOKEN_NOT_YET_VALID',
    });
    expect(await call('verifyJwt', future, { ...options, currentDate: (now + 200) * 1000 })).toMatchObject({
      ok: true,
    });

    const wrongIss = await signJwt({}, { secret: SECRET, issuer: 'https://evil.test', audience: 'orders' });
    expect(await call('verifyJwt', wrongIss, options)).toMatchObject({ ok: false, code: 'BAD_ISSUER' });
    const wrongAud = await signJwt({}, { secret: SECRET, issuer: 'https://auth.test', audience: 'billing' });
    expect(await call('verifyJwt', wrongAud, options)).toMatchObject({ ok: false, code: 'BAD_AUDIENCE' });
    expect(await call('verifyJwt', wrongAud, { ...options, audience: ['billing', 'x'] })).toMatchObject({
      ok: true,
    });

    const otherSecret = await signJwt(
      {},
      { secret: `${SECRET}-other`, issuer: 'https://auth.test', audience: 'orders' },
    );
    expect(await call('verifyJwt', otherSecret, options)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('accepts tokens from any of several secrets during a rotation', async () => {
    const previous = `${SECRET}-previous`;
    const oldToken = await signJwt({ sub: 'old' }, { secret: previous, expiresIn: 60 });
    const newToken = await signJwt({ sub: 'new' }, { secret: SECRET, expiresIn: 60 });
    const options = { secret: [SECRET, previous] };
    expect(await call('verifyJwt', oldToken, options)).toMatchObject({ ok: true, payload: { sub: 'old' } });
    expect(await call('verifyJwt', newToken, options)).toMatchObject({ ok: true, payload: { sub: 'new' } });
    expect(await call('verifyJwt', oldToken, { secret: [SECRET] })).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
    const stranger = await signJwt({}, { secret: `${SECRET}-stranger` });
    expect(await call('verifyJwt', stranger, options)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    // A claim failure under the right secret is final, not retried into BAD_SIGNATURE.
    const expiredOld = await signJwt({}, { secret: previous, expiresIn: -10 });
    expect(await call('verifyJwt', expiredOld, options)).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    const empty = await thrown('verifyJwt', newToken, { secret: [] });
    expect(empty).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('non-empty array'),
    });
  });

  it('rejects malformed, missing, unsigned and wrong-algorithm tokens', async () => {
    expect(await call('verifyJwt', 'abc', { secret: SECRET })).toMatchObject({
      ok: false,
      code: 'MALFORMED',
    });
    expect(await call('verifyJwt', 'a.b.c', { secret: SECRET })).toMatchObject({
      ok: false,
      code: 'MALFORMED',
    });
    expect(await call('verifyJwt', '', { secret: SECRET })).toMatchObject({
      ok: false,
      code: 'MISSING_TOKEN',
    });
    const b64 = (o: object) =>
      btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin' })}.`;
    expect(await call('verifyJwt', unsigned, { secret: SECRET })).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_ALGORITHM',
    });
    // An RS256 token shown to a verifier that only knows a shared secret.
    const rs = await signJwt({}, { privateKey: rsa.privateKeyPem, kid: 'k1' });
    expect(await call('verifyJwt', rs, { secret: SECRET })).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_ALGORITHM',
    });
    const misconfigured = await thrown('verifyJwt', rs, {});
    expect(misconfigured).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('secret'),
    });
  });

  it('verifies RS256 tokens with a PEM or JWK public key', async () => {
    const token = await signJwt({ sub: 'u2' }, { privateKey: rsa.privateKeyPem, expiresIn: '5m' });
    expect(await call('verifyJwt', token, { publicKey: rsa.publicKeyPem })).toMatchObject({
      ok: true,
      payload: { sub: 'u2' },
    });
    expect(await call('verifyJwt', token, { publicKey: rsa.publicJwk })).toMatchObject({ ok: true });
    expect(await call('verifyJwt', token, { publicKey: other.publicKeyPem })).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
    // An ES256 token shown to an RSA key, with ES256 allowed: a token problem, not an exception.
    const ecKeys = await generateKeyPair('ES256', { extractable: true });
    const es = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(ecKeys.privateKey);
    expect(
      await call('verifyJwt', es, { publicKey: rsa.publicKeyPem, algorithms: ['RS256', 'ES256'] }),
    ).toMatchObject({
      ok: false,
      code: 'UNSUPPORTED_ALGORITHM',
    });
    const badKey = await thrown('verifyJwt', token, { publicKey: 'not a pem' });
    expect(badKey).toMatchObject({ code: 'INVALID_KEY', message: expect.stringContaining('publicKey') });
  });

  it('verifies RS256 tokens against a JWKS served over loopback', async () => {
    const token = await signJwt({ sub: 'u3' }, { privateKey: rsa.privateJwk, kid: 'k1', audience: 'orders' });
    const before = jwksHits;
    const options = { jwksUrl: `${jwksUrl}/jwks.json`, audience: 'orders' };
    expect(await call('verifyJwt', token, options)).toMatchObject({
      ok: true,
      payload: { sub: 'u3' },
      header: { kid: 'k1' },
    });
    expect(jwksHits).toBeGreaterThan(before);
    const unknownKid = await signJwt({}, { privateKey: other.privateKeyPem, kid: 'k2', audience: 'orders' });
    expect(await call('verifyJwt', unknownKid, options)).toMatchObject({ ok: false, code: 'KEY_NOT_FOUND' });
    expect(await call('verifyJwt', token, { jwksUrl: `${jwksUrl}/missing` })).toMatchObject({
      ok: false,
      code: 'JWKS_UNAVAILABLE',
    });
    expect(await call('verifyJwt', token, { jwksUrl: `${jwksUrl}/garbage` })).toMatchObject({
      ok: false,
      code: 'JWKS_UNAVAILABLE',
    });
  });
});

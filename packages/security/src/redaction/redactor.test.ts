import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, Redactor, redact } from './redactor.js';

const SECRET = 'k3y-9f2c1e7a4b';
const OTHER = 'zz-other-secret-77';

describe('Redactor', () => {
  it('replaces every occurrence of known values in strings', () => {
    const r = new Redactor({ secrets: [SECRET, OTHER, undefined, ''] });
    expect(r.redactString(`a ${SECRET} b ${SECRET}${OTHER}`)).toBe(`a ${REDACTED} b ${REDACTED}${REDACTED}`);
    expect(r.redactString('nothing here')).toBe('nothing here');
  });

  it('masks a secret containing another one whole', () => {
    const r = new Redactor().add('abcd', 'xxabcdyy');
    expect(r.redactString('1 xxabcdyy 2 abcd')).toBe(`1 ${REDACTED} 2 ${REDACTED}`);
  });

  it('masks an occurrence that a replacement itself completes', () => {
    expect(new Redactor({ secrets: ['a***'] }).redactString('aa***')).toBe(REDACTED);
  });

  it('masks URL-, JSON- and base64-encoded forms', () => {
    const value = 'p@ss/w"rd+1=';
    const r = new Redactor({ secrets: [value] });
    const encoded = [
      encodeURIComponent(value),
      JSON.stringify({ v: value }),
      Buffer.from(value).toString('base64'),
    ];
    for (const text of encoded)
      expect(r.redactString(text)).not.toContain(text.includes('%') ? encodeURIComponent(value) : value);
    expect(r.redactString(`?token=${encodeURIComponent(value)}`)).toBe(`?token=${REDACTED}`);
    expect(r.redactString(Buffer.from(value).toString('base64'))).not.toContain(
      Buffer.from(value).toString('base64').replace(/=+$/, ''),
    );
  });

  it('ignores values too short to mask safely', () => {
    const r = new Redactor({ secrets: ['ab'] });
    expect(r.size).toBe(0);
    expect(r.redactString('about')).toBe('about');
  });

  it('redacts deeply without mutating the input, keeping structure', () => {
    const input = {
      message: `failed with ${SECRET}`,
      list: [SECRET, 1, true, null],
      nested: { deeper: { value: `x${SECRET}x` } },
      map: new Map([['k', SECRET]]),
      set: new Set([SECRET]),
      when: new Date(0),
    };
    const out = new Redactor({ secrets: [SECRET] }).redact(input);
    expect(out).toEqual({
      message: `failed with ${REDACTED}`,
      list: [REDACTED, 1, true, null],
      nested: { deeper: { value: `x${REDACTED}x` } },
      map: new Map([['k', REDACTED]]),
      set: new Set([REDACTED]),
      when: new Date(0),
    });
    expect(input.message).toContain(SECRET);
  });

  it('masks values under secret-looking keys even when unregistered', () => {
    const out = redact({
      headers: { Authorization: 'Bearer abc.def', 'x-api-key': 'k1', cookie: 'a=b' },
      password: 'hunter2',
      apiKey: 'unknown-key',
      clientSecret: 'cs',
      secrets: { A: 'one', B: ['two'] },
      maxTokens: 500,
      tokenSource: 'CLOUDFLARE_API_TOKEN',
      secretNames: ['A', 'B'],
      user: 'ann',
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED, cookie: REDACTED },
      password: REDACTED,
      apiKey: REDACTED,
      clientSecret: REDACTED,
      secrets: { A: REDACTED, B: [REDACTED] },
      maxTokens: 500,
      tokenSource: 'CLOUDFLARE_API_TOKEN',
      secretNames: ['A', 'B'],
      user: 'ann',
    });
  });

  it('turns Headers into a masked plain object', () => {
    const headers = new Headers({
      Authorization: 'Bearer abc',
      'X-Request-Id': `r-${SECRET}`,
      Accept: 'json',
    });
    expect(new Redactor({ secrets: [SECRET] }).redact({ headers })).toEqual({
      headers: { accept: 'json', authorization: REDACTED, 'x-request-id': `r-${REDACTED}` },
    });
  });

  it('masks bearer credentials and JWTs in free text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLWJ5dGVz';
    expect(redact(`curl -H "Authorization: Bearer sk_abcdef123456" ${jwt}`)).toBe(
      `curl -H "Authorization: Bearer ${REDACTED}" ${REDACTED}`,
    );
  });

  it('redacts errors: message, stack, own fields and cause, keeping the class', () => {
    class StoreError extends Error {
      code = 'X';
      detail = `value ${SECRET}`;
    }
    const error = new StoreError(`boom ${SECRET}`, { cause: new Error(`inner ${SECRET}`) });
    const out = new Redactor({ secrets: [SECRET] }).redact(error);
    expect(out).toBeInstanceOf(StoreError);
    expect(out.message).toBe(`boom ${REDACTED}`);
    expect(out.stack).not.toContain(SECRET);
    expect(out.detail).toBe(`value ${REDACTED}`);
    expect(out.code).toBe('X');
    expect((out.cause as Error).message).toBe(`inner ${REDACTED}`);
    expect(error.message).toContain(SECRET);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { s: SECRET };
    a.self = a;
    const out = new Redactor({ secrets: [SECRET] }).redact(a);
    expect(out.s).toBe(REDACTED);
    expect(out.self).toBe(out);
  });

  it('classifies keys', () => {
    for (const k of [
      'token',
      'API_KEY',
      'apiKey',
      'x-api-key',
      'Authorization',
      'db_password',
      'JWT_SECRET',
      'privateKey',
    ]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of ['tokenSource', 'secretName', 'API_TOKEN_ENV', 'user', 'maxTokensCount', 'name']) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });
});

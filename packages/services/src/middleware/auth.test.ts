import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { authenticate } from './auth.js';

function context(key: string | undefined, env: Record<string, unknown>): Context {
  const headers = new Headers(key ? { 'X-API-Key': key } : {});
  return { req: { raw: new Request('http://service/api/items', { headers }) }, env } as unknown as Context;
}

describe('authenticate with API keys', () => {
  const options = { apiKeys: { keys: 'API_KEYS', readOnlyKeys: 'READ_KEYS' } };

  it('follows the keys of the environment it is given, request by request', async () => {
    const before = { API_KEYS: 'first-key-0123456789', READ_KEYS: 'reader-key-0123456789' };
    const after = { API_KEYS: 'second-key-0123456789', READ_KEYS: '' };
    expect(await authenticate(context('first-key-0123456789', before), options)).toEqual({
      type: 'api-key',
      readOnly: false,
    });
    expect(await authenticate(context('reader-key-0123456789', before), options)).toEqual({
      type: 'api-key',
      readOnly: true,
    });
    // After rotation the old key is refused at once, though its digest was computed before.
    expect(await authenticate(context('first-key-0123456789', after), options)).toBeUndefined();
    expect(await authenticate(context('reader-key-0123456789', after), options)).toBeUndefined();
    expect(await authenticate(context('second-key-0123456789', after), options)).toMatchObject({
      readOnly: false,
    });
  });

  it('accepts any of several keys and refuses near misses', async () => {
    const env = { API_KEYS: 'alpha-key-0123456789, beta-key-0123456789' };
    expect(await authenticate(context('beta-key-0123456789', env), options)).toBeDefined();
    expect(await authenticate(context('beta-key-012345678', env), options)).toBeUndefined();
    expect(await authenticate(context(undefined, env), options)).toBeUndefined();
  });
});

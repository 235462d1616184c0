import { redact } from '@clodo/security/worker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Context } from 'hono';
import { redactEntry, writeLog, writeRequestLine } from './logger.js';

describe('writeLog', () => {
  it('masks secret-named fields and bearer credentials by default', () => {
    const lines: string[] = [];
    writeLog(
      { sink: (l) => lines.push(l) },
      {
        level: 'error',
        msg: 'upstream refused Authorization: Bearer sk_live_0123456789abcdef',
        apiKey: 'k_0123456789abcdef',
      },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('sk_live_0123456789abcdef');
    expect(lines[0]).not.toContain('k_0123456789abcdef');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', apiKey: '***' });
  });

  it('uses the given redact function instead', () => {
    const lines: string[] = [];
    writeLog({ sink: (l) => lines.push(l), redact: () => ({ replaced: true }) }, { level: 'info', msg: 'x' });
    expect(lines).toEqual(['{"replaced":true}']);
  });
});

describe('redactEntry', () => {
  it('masks a flat entry exactly as the deep redaction does', () => {
    const keyArb = fc.oneof(
      fc.constantFrom('level', 'msg', 'path', 'apiKey', 'token', 'password', 'tokenCount', 'secretName'),
      fc.string({ maxLength: 12 }),
    );
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const valueArb = fc.oneof(
      fc.string(),
      fc.constantFrom(`Bearer abcdefgh12345678`, `/api/x?t=${jwt}`, jwt, 'Basic dXNlcjpwYXNzd29yZA=='),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.bigInt(),
    );
    fc.assert(
      fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 8 }), (entry) => {
        const e = { level: 'info' as const, msg: 'request', ...entry };
        expect(redactEntry(e)).toEqual(redact(e));
      }),
      { numRuns: 500 },
    );
  });

  it('walks entries that hold objects deeply', () => {
    const e = {
      level: 'error' as const,
      msg: 'x',
      error: { message: 'Bearer abcdefgh12345678', apiKey: 'k' },
    };
    expect(redactEntry(e)).toEqual({
      level: 'error',
      msg: 'x',
      error: { message: 'Bearer ***', apiKey: '***' },
    });
  });
});

describe('writeRequestLine', () => {
  it('writes the line the deep redaction gives, whatever the id and path hold', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const textArb = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom(`/api/x/${jwt}`, jwt, `/a/Bearer abcdefgh12345678`, 'GET', 'x\u00a0Basic dXNlcjpwYXNz'),
    );
    fc.assert(
      fc.property(
        textArb,
        textArb,
        textArb,
        fc.integer({ min: 100, max: 599 }),
        (id, method, path, status) => {
          const lines: string[] = [];
          const c = {
            res: { status },
            req: { method, path },
            get: (key: string) => (key === 'requestId' ? id : undefined),
          } as unknown as Context;
          writeRequestLine({ sink: (l) => lines.push(l) }, c, 3);
          const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
          const entry = { level, msg: 'request', requestId: id, method, path, status, durationMs: 3 };
          expect(lines).toEqual([JSON.stringify(redact(entry))]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

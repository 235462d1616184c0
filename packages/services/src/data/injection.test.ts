import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, type Harness, startHarness } from '../__fixtures__/harness.js';
import { items, notes, users } from '../__fixtures__/models.js';

// Arbitrary strings at every input a client controls: query keys, operators, filter values, sort keys,
// path ids and JSON body fields. Nothing may reach SQL as an identifier or unbound text.
let h: Harness;
const M = 'http://main.test';
const headers = { 'X-API-Key': API_KEY };
const SQL_TEXT =
  /SQLITE|D1_|sqlite_|syntax error|no such (table|column)|SELECT |INSERT INTO|DELETE FROM|CREATE TABLE|constraint failed/i;
let schemaBefore: unknown[];
const RUNS = 300;
const BATCH = 10;
let canaryBefore: unknown[];

const payloads = [
  "' OR 1=1 --",
  '" OR ""="',
  '1; DROP TABLE users; --',
  '"; DELETE FROM items; --',
  "') ; UPDATE items SET label = 'x' --",
  'name" = "name',
  'id) VALUES (1',
  '*/ SELECT * FROM sqlite_master /*',
  '%',
  '_',
  '\\',
  '\u0000',
  'NULL',
  '-created_at,;DROP',
  'age[gt]',
  'x[]',
  '[[',
];
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...payloads),
);

/** Percent-encodes UTF-8 bytes, so even lone surrogates make a valid URL path segment. */
function segment(value: string): string {
  return [...new TextEncoder().encode(value)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

type Probe = { method: string; url: string; body?: string; input: string };
const resources = fc.constantFrom('users', 'notes', 'items');
const fields = fc.constantFrom(
  'email',
  'name',
  'age',
  'score',
  'active',
  'meta',
  'born',
  'id',
  'created_at',
  'title',
  'label',
  'qty',
);
const ops = fc.oneof(fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'like', 'in'), text);

const probe: fc.Arbitrary<Probe> = fc.oneof(
  fc.record({ r: resources, k: text, v: text }).map(({ r, k, v }) => ({
    input: k + v,
    method: 'GET',
    url: `${M}/api/${r}?${new URLSearchParams([[k, v]])}`,
  })),
  fc.record({ r: resources, f: fields, op: ops, v: text }).map(({ r, f, op, v }) => ({
    input: op + v,
    method: 'GET',
    url: `${M}/api/${r}?${new URLSearchParams([[`${f}[${op}]`, v]])}`,
  })),
  fc.record({ r: resources, s: text }).map(({ r, s }) => ({
    input: s,
    method: 'GET',
    url: `${M}/api/${r}?${new URLSearchParams([['sort', s]])}`,
  })),
  fc.record({ r: resources, p: text, l: text }).map(({ r, p, l }) => ({
    input: p + l,
    method: 'GET',
    url: `${M}/api/${r}?${new URLSearchParams([
      ['page', p],
      ['limit', l],
    ])}`,
  })),
  fc
    .record({ r: resources, id: text, m: fc.constantFrom('GET', 'DELETE') })
    .map(({ r, id, m }) => ({ input: id, method: m, url: `${M}/api/${r}/${segment(id)}` })),
  fc
    .record({ r: resources, id: text, k: text, v: fc.oneof(text, fc.jsonValue({ maxDepth: 2 })) })
    .map(({ r, id, k, v }) => ({
      input: id + k + JSON.stringify(v),
      method: 'PATCH',
      url: `${M}/api/${r}/${segment(id)}`,
      body: JSON.stringify({ [k]: v }),
    })),
  fc
    .record({
      r: resources,
      body: fc.dictionary(fc.oneof(fields, text), fc.oneof(text, fc.jsonValue({ maxDepth: 2 })), {
        maxKeys: 4,
      }),
    })
    .map(({ r, body }) => ({
      input: Object.entries(body).flat().map(String).join(' ') + JSON.stringify(body),
      method: 'POST',
      url: `${M}/api/${r}`,
      body: JSON.stringify(body),
    })),
  fc.record({ email: text, name: text, title: text, label: text }).map((v) => ({
    input: v.email + v.name + v.title,
    method: 'POST',
    url: `${M}/api/users`,
    body: JSON.stringify({ email: `${v.email}@x`, name: v.name, nickname: v.title }),
  })),
  fc
    .record({ r: resources, raw: text })
    .map(({ r, raw }) => ({ input: raw, method: 'POST', url: `${M}/api/${r}`, body: raw })),
);

beforeAll(async () => {
  h = await startHarness([users, notes, items]);
  for (let i = 0; i < 5; i++)
    await h.sql('INSERT INTO items (id, label, qty) VALUES (?, ?, ?)', `canary-${i}`, `canary ${i}`, i);
  await h.sql(
    "INSERT INTO users (id, email, name, created_at, updated_at) VALUES ('canary-user', 'canary@example.com', 'Canary', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')",
  );
  schemaBefore = await h.sql('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name');
  canaryBefore = await canaries();
}, 60_000);
afterAll(() => h?.close());

function canaries() {
  return h.sql(
    "SELECT id, label, qty FROM items WHERE id LIKE 'canary-%' UNION ALL SELECT id, email, name FROM users WHERE id = 'canary-user' ORDER BY 1",
  );
}

describe('injection', () => {
  it('arbitrary input never reaches SQL: no 500, no SQL text, schema and other rows intact', async () => {
    let count = 0;
    const check = (p: Probe, status: number, text: string) => {
      if (status >= 500) throw new Error(`${p.method} ${p.url} -> ${status}: ${text}`);
      const body = JSON.parse(text);
      if (body.success === true) return;
      // Success bodies hold stored data (earlier probes' strings); error bodies may only echo this input.
      expect(typeof body.error?.code).toBe('string');
      const leaked = SQL_TEXT.exec(text);
      if (leaked && !(p.input + (p.body ?? '')).toLowerCase().includes(leaked[0].toLowerCase())) {
        throw new Error(`SQL text in ${p.method} ${p.url}: ${text}`);
      }
    };
    // Each run sends a batch of requests through the service's fetch inside workerd in one round trip.
    await fc.assert(
      fc.asyncProperty(fc.array(probe, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const r = await h.call('http://replay.test/', {
          method: 'POST',
          json: batch.map((p) => ({
            method: p.method,
            url: p.url,
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: p.body,
          })),
        });
        expect(r.status).toBe(200);
        (r.body as { status: number; text: string }[]).forEach((result, i) => {
          count++;
          check(batch[i] as Probe, result.status, result.text);
        });
      }),
      { numRuns: RUNS, seed: 4242, endOnFailure: true },
    );
    expect(count).toBe(RUNS * BATCH);
    expect(await h.sql('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name')).toEqual(
      schemaBefore,
    );
    expect(await canaries()).toEqual(canaryBefore);
    const integrity = await h.sql<{ integrity_check: string }>('PRAGMA quick_check');
    expect(integrity[0]).toEqual({ quick_check: 'ok' });
  }, 120_000);
});

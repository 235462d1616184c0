import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, type Harness, type Json, startHarness } from '../__fixtures__/harness.js';
import { items, notes, users } from '../__fixtures__/models.js';

// The §5 REST contract, exercised inside workerd against a real D1 database.
let h: Harness;
const M = 'http://main.test';
const auth = { 'X-API-Key': API_KEY };

async function createUser(data: Record<string, unknown>) {
  const r = await h.call(`${M}/api/users`, { method: 'POST', headers: auth, json: data });
  expect(r.status, r.text).toBe(201);
  return r.body.data as Record<string, Json>;
}

beforeAll(async () => {
  h = await startHarness([users, notes, items]);
}, 60_000);
afterAll(() => h?.close());

describe('create and read', () => {
  it('creates with 201, Location, defaults and coercion; every response has X-Request-Id', async () => {
    const r = await h.call(`${M}/api/users`, {
      method: 'POST',
      headers: auth,
      json: {
        email: 'ada@example.com',
        name: 'Ada',
        age: '36',
        score: 9.5,
        meta: { tags: ['x'] },
        born: '1815-12-10T00:00:00Z',
        secret_note: 's',
      },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const data = r.body.data;
    expect(r.body.success).toBe(true);
    expect(r.headers.get('location')).toBe(`/api/users/${data.id}`);
    expect(data).toMatchObject({
      email: 'ada@example.com',
      age: 36,
      active: true,
      role: 'member',
      meta: { tags: ['x'] },
      born: '1815-12-10T00:00:00.000Z',
    });
    expect(data).not.toHaveProperty('secret_note');
    expect(data.created_at).toBe(data.updated_at);
    const got = await h.call(`${M}${r.headers.get('location')}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ success: true, data });
  });

  it('keeps a well-formed caller request id', async () => {
    const r = await h.call(`${M}/hello`, { headers: { 'X-Request-Id': 'trace-abc-123456' } });
    expect(r.headers.get('x-request-id')).toBe('trace-abc-123456');
    expect(r.body.requestId).toBe('trace-abc-123456');
  });

  it('404 NOT_FOUND for a missing id, with the envelope and request id', async () => {
    const r = await h.call(`${M}/api/users/00000000-0000-4000-8000-000000000000`, { headers: auth });
    expect(r.status).toBe(404);
    expect(r.body.success).toBe(false);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect(r.body.error.requestId).toBe(r.headers.get('x-request-id'));
  });

  it('400 VALIDATION_FAILED lists every field problem, unknown fields by name', async () => {
    const r = await h.call(`${M}/api/users`, {
      method: 'POST',
      headers: auth,
      json: { email: 'not-an-email', age: 200, role: 'root', colour: 'red', id: 'x', nickname: 'hey!' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(r.body.error.details.map((d: Json) => [d.field, d.code]));
    expect(byField).toEqual({
      email: 'pattern',
      name: 'required',
      age: 'max',
      role: 'enum',
      colour: 'unknown',
      id: 'read_only',
      nickname: 'invalid',
    });
    expect(r.body.error.message).toContain('colour');
  });

  it('400 INVALID_JSON for a broken body, 415 for a non-JSON type', async () => {
    const bad = await h.call(`${M}/api/users`, { method: 'POST', headers: auth, json: '{"email":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_JSON');
    const typed = await h.call(`${M}/api/users`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(typed.status).toBe(415);
  });

  it('409 CONFLICT on a unique violation, naming the field', async () => {
    await createUser({ email: 'dup@example.com', name: 'One' });
    const r = await h.call(`${M}/api/users`, {
      method: 'POST',
      headers: auth,
      json: { email: 'dup@example.com', name: 'Two' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details).toEqual([
      { field: 'email', code: 'unique', message: 'email must be unique' },
    ]);
    expect(r.text).not.toMatch(/UNIQUE constraint|SQLITE/i);
  });
});

describe('update and delete', () => {
  it('PATCH validates only present fields, then GET returns the new values', async () => {
    const user = await createUser({ email: 'patch@example.com', name: 'Before', age: 20 });
    const r = await h.call(`${M}/api/users/${user.id}`, {
      method: 'PATCH',
      headers: auth,
      json: { name: 'After', active: 'false' },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ name: 'After', active: false, age: 20, email: 'patch@example.com' });
    const got = await h.call(`${M}/api/users/${user.id}`, { headers: auth });
    expect(got.body.data).toMatchObject({ name: 'After', active: false, age: 20 });
    const bad = await h.call(`${M}/api/users/${user.id}`, {
      method: 'PATCH',
      headers: auth,
      json: { age: -1, bogus: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: Json) => d.field).sort()).toEqual(['age', 'bogus']);
  });

  it('PUT replaces the record and needs required fields', async () => {
    const user = await createUser({ email: 'put@example.com', name: 'Put', age: 50, score: 1 });
    const missing = await h.call(`${M}/api/users/${user.id}`, {
      method: 'PUT',
      headers: auth,
      json: { name: 'X' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { field: 'email', code: 'required', message: 'email is required' },
    ]);
    const r = await h.call(`${M}/api/users/${user.id}`, {
      method: 'PUT',
      headers: auth,
      json: { email: 'put2@example.com', name: 'Replaced' },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      email: 'put2@example.com',
      name: 'Replaced',
      age: null,
      score: null,
      role: 'member',
    });
  });

  it('PATCH/PUT/DELETE of an unknown id are 404; PATCH into a taken unique value is 409', async () => {
    const ghost = '00000000-0000-4000-8000-000000000001';
    for (const method of ['PATCH', 'PUT'] as const) {
      const r = await h.call(`${M}/api/users/${ghost}`, {
        method,
        headers: auth,
        json: { email: 'z@example.com', name: 'Z' },
      });
      expect(r.status).toBe(404);
    }
    expect((await h.call(`${M}/api/users/${ghost}`, { method: 'DELETE', headers: auth })).status).toBe(404);
    const a = await createUser({ email: 'taken-a@example.com', name: 'A' });
    await createUser({ email: 'taken-b@example.com', name: 'B' });
    const r = await h.call(`${M}/api/users/${a.id}`, {
      method: 'PATCH',
      headers: auth,
      json: { email: 'taken-b@example.com' },
    });
    expect(r.status).toBe(409);
  });

  it('DELETE returns the id, then GET is 404', async () => {
    const user = await createUser({ email: 'gone@example.com', name: 'Gone' });
    const r = await h.call(`${M}/api/users/${user.id}`, { method: 'DELETE', headers: auth });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: true, data: { id: user.id } });
    expect((await h.call(`${M}/api/users/${user.id}`, { headers: auth })).status).toBe(404);
    expect(await h.sql('SELECT id FROM users WHERE id = ?', user.id)).toEqual([]);
  });

  it('soft delete hides the row from get, list and count but keeps it in the table', async () => {
    const made = await h.call(`${M}/api/notes`, {
      method: 'POST',
      headers: auth,
      json: { title: 'soft', owner: 'sd' },
    });
    const id = made.body.data.id;
    expect((await h.call(`${M}/api/notes/${id}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await h.call(`${M}/api/notes/${id}`, { headers: auth })).status).toBe(404);
    const list = await h.call(`${M}/api/notes?owner=sd`, { headers: auth });
    expect(list.body.data).toEqual([]);
    expect(list.body.pagination.total).toBe(0);
    expect((await h.call(`${M}/api/notes/${id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
    expect(
      (await h.call(`${M}/api/notes/${id}`, { method: 'PATCH', headers: auth, json: { body: 'x' } })).status,
    ).toBe(404);
    const rows = await h.sql<{ deleted_at: string | null }>('SELECT deleted_at FROM notes WHERE id = ?', id);
    expect(rows[0]?.deleted_at).toMatch(/^\d{4}-/);
  });
});

describe('hooks', () => {
  it('before-hooks change input and veto with their status; after-hooks change results', async () => {
    const made = await h.call(`${M}/api/notes`, {
      method: 'POST',
      headers: auth,
      json: { title: '  padded  ' },
    });
    expect(made.body.data.title).toBe('padded');
    const got = await h.call(`${M}/api/notes/${made.body.data.id}`, { headers: auth });
    expect(got.body.data.viewed).toBe(true);
    const vetoed = await h.call(`${M}/api/notes`, {
      method: 'POST',
      headers: auth,
      json: { title: ' forbidden ' },
    });
    expect(vetoed.status).toBe(422);
    expect(vetoed.body.error).toMatchObject({ code: 'HOOK_VETO', message: 'this title is not allowed' });
    expect(await h.sql("SELECT id FROM notes WHERE title = 'forbidden'")).toEqual([]);
    const protectedDelete = await h.call(`${M}/api/notes/protected`, { method: 'DELETE', headers: auth });
    expect(protectedDelete.status).toBe(403);
  });
});

describe('list', () => {
  const owner = 'lister';
  beforeAll(async () => {
    for (let i = 1; i <= 7; i++) {
      await createUser({
        email: `list${i}@example.com`,
        name: i % 2 ? 'Odd' : 'Even',
        age: i * 10,
        score: i / 2,
        active: i <= 3,
        nickname: owner,
        role: i === 7 ? 'admin' : 'member',
      });
    }
  });
  const list = (q: string) => h.call(`${M}/api/users?nickname=${owner}&${q}`, { headers: auth });
  const ages = (r: { body: Json }) => r.body.data.map((u: Json) => u.age);

  it('paginates with full metadata', async () => {
    const first = await list('limit=3&sort=age');
    expect(first.status).toBe(200);
    expect(first.body.pagination).toEqual({
      page: 1,
      limit: 3,
      total: 7,
      totalPages: 3,
      hasNext: true,
      hasPrev: false,
    });
    expect(ages(first)).toEqual([10, 20, 30]);
    const last = await list('limit=3&page=3&sort=age');
    expect(last.body.pagination).toEqual({
      page: 3,
      limit: 3,
      total: 7,
      totalPages: 3,
      hasNext: false,
      hasPrev: true,
    });
    expect(ages(last)).toEqual([70]);
    const beyond = await list('limit=3&page=9');
    expect(beyond.body.data).toEqual([]);
  });

  it('supports every filter operator', async () => {
    expect(ages(await list('age=30'))).toEqual([30]);
    expect(ages(await list('age[eq]=30'))).toEqual([30]);
    expect(ages(await list('age[ne]=30&sort=age'))).toEqual([10, 20, 40, 50, 60, 70]);
    expect(ages(await list('age[gt]=50&sort=age'))).toEqual([60, 70]);
    expect(ages(await list('age[gte]=50&sort=age'))).toEqual([50, 60, 70]);
    expect(ages(await list('age[lt]=20&sort=age'))).toEqual([10]);
    expect(ages(await list('age[lte]=20&sort=age'))).toEqual([10, 20]);
    expect(ages(await list('email[like]=list1%25&sort=age'))).toEqual([10]);
    expect(ages(await list('age[in]=20,40,99&sort=age'))).toEqual([20, 40]);
    expect(ages(await list('active=true&sort=age'))).toEqual([10, 20, 30]);
    expect(ages(await list('score[gte]=3&sort=age'))).toEqual([60, 70]);
  });

  it('sorts by several keys', async () => {
    const r = await list('sort=-name,age');
    expect(r.body.data.map((u: Json) => `${u.name}${u.age}`)).toEqual([
      'Odd10',
      'Odd30',
      'Odd50',
      'Odd70',
      'Even20',
      'Even40',
      'Even60',
    ]);
    const r2 = await list('sort=role,-age');
    expect(ages(r2)).toEqual([70, 60, 50, 40, 30, 20, 10]);
  });

  it('400 INVALID_QUERY names an unknown field, a bad operator, a bad value or an out-of-range limit', async () => {
    const cases: [string, string][] = [
      ['colour=red', 'colour'],
      ['age[near]=3', 'near'],
      ['sort=-nope', 'nope'],
      ['limit=101', 'limit'],
      ['limit=0', 'limit'],
      ['page=-1', 'page'],
      ['age=abc', 'age'],
      ['meta=x', 'meta'],
      ['secret_note=x', 'secret_note'],
      ['active[like]=x', 'like'],
    ];
    for (const [query, named] of cases) {
      const r = await list(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('INVALID_QUERY');
      expect(r.body.error.message, query).toContain(named);
    }
  });

  it('accepts the maximum limit exactly', async () => {
    const r = await list('limit=100');
    expect(r.status).toBe(200);
    expect(r.body.pagination.limit).toBe(100);
  });
});

describe('errors', () => {
  it('a D1 failure is a bare 500: no SQL, table, stack or binding name', async () => {
    for (const path of ['/api/ghosts', '/boom', '/throw']) {
      const r = await h.call(`${M}${path}`, { headers: auth });
      expect(r.status, path).toBe(500);
      expect(r.body.error.code).toBe('INTERNAL_ERROR');
      expect(r.body.error.message).toBe('internal error');
      expect(r.text).not.toMatch(/SELECT|sqlite|no such|ghosts|no_such_table|stack|\.ts|at /i);
      expect(r.text).not.toMatch(/\bDB\b|D1/);
    }
    const logs = (await h.call(`${M}/logs`)).body as string[];
    expect(logs.some((l) => l.includes('no such table'))).toBe(true);
  });

  it('unknown routes get the envelope', async () => {
    const r = await h.call(`${M}/nowhere`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('user routes run beside the generated ones and reach the data services', async () => {
    const r = await h.call(`${M}/users-count`);
    expect(r.status).toBe(200);
    expect(r.body.count).toBeGreaterThan(5);
  });
});

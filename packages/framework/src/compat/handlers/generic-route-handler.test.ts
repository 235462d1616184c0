import { type D1DatabaseLike, defineModel, schemaSql } from '@clodo/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startD1 } from '../../__fixtures__/d1.js';
import { createRouteHandlers, GenericRouteHandler } from './generic-route-handler.js';

let db: D1DatabaseLike;
let dispose: () => Promise<void>;
const people = defineModel({
  name: 'people',
  fields: { email: { type: 'text', required: true, unique: true }, age: { type: 'integer' } },
  softDelete: true,
});

beforeAll(async () => {
  ({ db, dispose } = await startD1());
  await db.batch(schemaSql([people]).map((s) => db.prepare(s)));
}, 60_000);
afterAll(() => dispose?.());

const body = (value: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

describe('GenericRouteHandler over real D1', () => {
  it('creates, lists with filters, updates, replaces and soft-deletes a record', async () => {
    const handler = new GenericRouteHandler(db, people);
    const created = await handler.handleCreate(
      new Request('http://x/anything', body({ email: 'a@x.io', age: 30 })),
    );
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    await handler.handleCreate(new Request('http://x/', body({ email: 'b@x.io', age: 12 })));

    const adults = await handler.handleList(new Request('http://x/people?age[gte]=18&sort=-created_at'));
    const list = (await adults.json()) as { data: { email: string }[]; pagination: { total: number } };
    expect(list.data.map((p) => p.email)).toEqual(['a@x.io']);
    expect(list.pagination.total).toBe(1);

    const patched = await handler.handleUpdate(new Request('http://x/', body({ age: 31 })), id);
    expect(((await patched.json()) as { data: { age: number } }).data.age).toBe(31);
    const replaced = await handler.handleReplace(new Request('http://x/', body({ email: 'a2@x.io' })), id);
    expect(((await replaced.json()) as { data: { age: number | null } }).data.age).toBeNull();

    const conflict = await handler.handleCreate(new Request('http://x/', body({ email: 'b@x.io' })));
    expect(conflict.status).toBe(409);
    const badQuery = await handler.handleList(new Request('http://x/?nope=1'));
    expect(badQuery.status).toBe(400);
    expect(await badQuery.text()).toContain('nope');

    expect((await handler.handleDelete(new Request('http://x/'), id)).status).toBe(200);
    expect((await handler.handleGet(new Request('http://x/'), id)).status).toBe(404);
    expect((await handler.handleDelete(new Request('http://x/'), id)).status).toBe(404);
  }, 30_000);

  it('makes one handler per model and rejects bad arguments by name', () => {
    expect(Object.keys(createRouteHandlers(db, [people]))).toEqual(['people']);
    expect(() => new GenericRouteHandler({} as D1DatabaseLike, people)).toThrow(/db must be a D1 database/);
    expect(() => new GenericRouteHandler(db, { name: 'x' } as never)).toThrow(/model must be a model/);
    const handler = new GenericRouteHandler(db, people);
    expect(() => handler.handleGet(new Request('http://x/'), '')).toThrow(/id must be a non-empty string/);
  });
});

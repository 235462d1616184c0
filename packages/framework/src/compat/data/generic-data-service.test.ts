import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { D1DatabaseLike } from '@clodo/services';
import { SchemaManager } from '../schema/schema-manager.js';
import { GenericDataService } from './generic-data-service.js';

// Real D1 in workerd (Miniflare); the adapters talk to it through Miniflare's binding proxy.
let mf: Miniflare;
let db: D1DatabaseLike;

beforeAll(async () => {
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default { fetch() { return new Response("ok"); } }',
      d1Databases: ['DB'],
    }),
  );
  db = (await mf.getD1Database('DB')) as unknown as D1DatabaseLike;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describe('SchemaManager and GenericDataService over real D1', () => {
  it('creates tables, then creates, reads, updates, lists and deletes a record', async () => {
    const schema = new SchemaManager();
    const model = schema.registerModel({
      name: 'notes',
      fields: { title: { type: 'text', required: true, maxLength: 40 }, stars: { type: 'integer' } },
    });
    expect(await schema.createTables(db)).toBeGreaterThan(0);

    const notes = new GenericDataService(db, model);
    const created = await notes.create({ title: 'first', stars: 2 });
    expect(created.title).toBe('first');
    expect((await notes.read(String(created.id)))?.stars).toBe(2);
    expect((await notes.update(String(created.id), { stars: 5 }))?.stars).toBe(5);
    expect((await notes.list()).pagination.total).toBe(1);
    expect(await notes.delete(String(created.id))).toBe(true);
    expect(await notes.read(String(created.id))).toBeNull();
    expect(await notes.delete(String(created.id))).toBe(false);
  }, 60_000);

  it('names the bad field when input is invalid, and writes nothing', async () => {
    const schema = new SchemaManager();
    schema.registerModel({ name: 'tags', fields: { label: { type: 'text', required: true } } });
    expect(() => schema.validateData('tags', { label: 7 })).toThrow(/label/);
    expect(() => schema.getModel('nope')).toThrow(/unknown model "nope"/);
    await schema.createTables(db);
    const tags = new GenericDataService(db, schema.getModel('tags'));
    await expect(tags.create({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await tags.count()).toBe(0);
  }, 60_000);
});

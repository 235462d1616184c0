import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineModel } from '../index.js';
import { generateMigrations } from './generate.js';

let dir: string;
let mf: Miniflare;

const v1 = defineModel({
  name: 'accounts',
  softDelete: true,
  fields: {
    email: { type: 'text', required: true, unique: true },
    plan: { type: 'text', index: true },
  },
  indexes: [{ fields: ['plan', 'email'] }],
});
const v2 = defineModel({
  name: 'accounts',
  softDelete: true,
  fields: {
    email: { type: 'text', required: true, unique: true },
    plan: { type: 'text', index: true },
    seats: { type: 'integer', required: true, default: 1 },
    handle: { type: 'text', unique: true },
  },
  indexes: [{ fields: ['plan', 'email'] }],
});
const events = defineModel({ name: 'audit-events', fields: { kind: { type: 'text', required: true } } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-migrations-'));
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default { fetch() { return new Response() } }',
      d1Databases: ['DB'],
    } as never),
  );
  await mf.ready;
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function apply(file: string) {
  const db = await mf.getD1Database('DB');
  const text = await readFile(file, 'utf8');
  for (const statement of text
    .split(/;\s*\n/)
    .map((s) => s.replace(/^--.*$/gm, '').trim())
    .filter(Boolean)) {
    await db.prepare(statement).run();
  }
  return db;
}

describe('generateMigrations', () => {
  it('writes 0001_init.sql that D1 accepts', async () => {
    const result = await generateMigrations([v1], dir);
    expect(result.file).toBe(join(dir, '0001_init.sql'));
    const text = await readFile(result.file as string, 'utf8');
    expect(text).toContain('CREATE TABLE IF NOT EXISTS "accounts"');
    expect(text).toContain('CREATE UNIQUE INDEX IF NOT EXISTS "uq_accounts_email"');
    const db = await apply(result.file as string);
    const columns = await db
      .prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid')
      .bind('accounts')
      .all();
    expect(columns.results.map((c) => c.name)).toEqual([
      'id',
      'email',
      'plan',
      'created_at',
      'updated_at',
      'deleted_at',
    ]);
  });

  it('writes nothing when the models did not change', async () => {
    const result = await generateMigrations([v1], dir);
    expect(result.file).toBeNull();
    expect(await readdir(dir)).toEqual(['0001_init.sql']);
  });

  it('adds columns, indexes and tables in 0002 without touching 0001', async () => {
    const before = await readFile(join(dir, '0001_init.sql'), 'utf8');
    const result = await generateMigrations([v2, events], dir, { name: 'seats' });
    expect(result.file).toBe(join(dir, '0002_seats.sql'));
    expect(result.statements).toEqual([
      'ALTER TABLE "accounts" ADD COLUMN "seats" INTEGER;',
      'ALTER TABLE "accounts" ADD COLUMN "handle" TEXT;',
      'CREATE UNIQUE INDEX IF NOT EXISTS "uq_accounts_handle" ON "accounts" ("handle");',
      expect.stringContaining('CREATE TABLE IF NOT EXISTS "audit_events"'),
      'CREATE INDEX IF NOT EXISTS "idx_audit_events_created_at" ON "audit_events" ("created_at");',
    ]);
    expect(await readFile(join(dir, '0001_init.sql'), 'utf8')).toBe(before);
    const db = await apply(result.file as string);
    const tables = await db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name",
      )
      .all();
    expect(tables.results.map((t) => t.name)).toEqual(['accounts', 'audit_events']);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('notes dropped fields and refuses changed column types', async () => {
    const dropped = defineModel({
      name: 'accounts',
      softDelete: true,
      fields: { email: { type: 'text', required: true, unique: true } },
    });
    const notes = await generateMigrations([dropped, events], dir);
    expect(notes.file).toBeNull();
    expect(notes.notes).toContain('accounts.seats is no longer in the model; the column is kept');
    const retyped = defineModel({
      name: 'audit-events',
      fields: { kind: { type: 'integer', required: true } },
    });
    await expect(generateMigrations([v2, retyped], dir)).rejects.toMatchObject({
      code: 'MIGRATION_NOT_ADDITIVE',
      message: expect.stringContaining('audit_events.kind: text -> integer'),
    });
  });

  it('numbers after hand-written migrations and diffs against the last generated one', async () => {
    await writeFile(join(dir, '0003_manual.sql'), 'CREATE TABLE manual (x TEXT);\n');
    const extra = defineModel({ name: 'extras', fields: { x: { type: 'real' } } });
    const result = await generateMigrations([v2, events, extra], dir);
    expect(result.file).toBe(join(dir, '0004_update.sql'));
    expect(result.statements[0]).toContain('CREATE TABLE IF NOT EXISTS "extras"');
    await expect(generateMigrations([v2], dir, { name: '../evil' })).rejects.toMatchObject({
      code: 'INVALID_DEFINITION',
    });
  });
});

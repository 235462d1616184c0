import { describe, expect, it } from 'vitest';
import { defineModel, normalizeListOptions, validateInput, withHooks } from '../index.js';

// Definition checks and validation rules are plain logic; their runtime use is tested in workerd.
describe('defineModel', () => {
  it('names the bad option', () => {
    const cases: [unknown, string][] = [
      [{ name: 'Bad Name', fields: { a: { type: 'text' } } }, 'name "Bad Name"'],
      [{ name: 'ok', fields: {} }, 'at least one field'],
      [{ name: 'ok', fields: { a: { type: 'string' } } }, 'fields.a.type'],
      [{ name: 'ok', fields: { id: { type: 'text' } } }, 'fields.id: "id" is reserved'],
      [{ name: 'ok', fields: { limit: { type: 'integer' } } }, 'fields.limit'],
      [{ name: 'ok', fields: { 'a-b': { type: 'text' } } }, 'fields.a-b'],
      [{ name: 'ok', fields: { a: { type: 'text', pattern: '^x' } } }, 'fields.a.pattern'],
      [{ name: 'ok', fields: { a: { type: 'text' } }, indexes: [{ fields: ['zz'] }] }, 'unknown column "zz"'],
      [
        { name: 'ok', fields: { a: { type: 'text' } }, hooks: { before: { save: () => {} } } },
        'hooks.before.save',
      ],
      [{ name: 'ok', fields: { a: { type: 'text' } }, pagination: { maxLimit: 0 } }, 'pagination.maxLimit'],
    ];
    for (const [definition, message] of cases) {
      expect(() => defineModel(definition as never), message).toThrow(message);
    }
  });

  it('derives table, columns and managed column types', () => {
    const m = defineModel({ name: 'blog-posts', softDelete: true, fields: { title: { type: 'text' } } });
    expect(m.table).toBe('blog_posts');
    expect(m.columns).toEqual(['id', 'title', 'created_at', 'updated_at', 'deleted_at']);
    expect(defineModel({ name: 'x', timestamps: false, fields: { a: { type: 'json' } } }).columns).toEqual([
      'id',
      'a',
    ]);
  });

  it('withHooks appends hooks after the model’s own', async () => {
    const order: string[] = [];
    const base = defineModel({
      name: 'x',
      fields: { a: { type: 'text' } },
      hooks: { before: { get: () => void order.push('own') } },
    });
    const extended = withHooks(base, { before: { get: [() => void order.push('module')] } });
    const hooks = extended.hooks.before?.get as (() => void)[];
    for (const hook of hooks) hook();
    expect(order).toEqual(['own', 'module']);
    expect(base.hooks.before?.get).not.toBe(extended.hooks.before?.get);
  });
});

describe('validateInput', () => {
  const m = defineModel({
    name: 'things',
    fields: {
      n: { type: 'integer', required: true },
      r: { type: 'real' },
      b: { type: 'boolean' },
      t: { type: 'timestamp' },
      u: { type: 'uuid' },
      j: { type: 'json' },
      s: { type: 'text', minLength: 2, default: () => 'dflt' },
    },
  });

  it('coerces strings to the field types', () => {
    expect(
      validateInput(
        m,
        { n: '12', r: '1.5e2', b: 'true', t: 0, u: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', j: [1] },
        'create',
      ),
    ).toEqual({
      n: 12,
      r: 150,
      b: true,
      t: '1970-01-01T00:00:00.000Z',
      u: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      j: [1],
      s: 'dflt',
    });
  });

  it('rejects what cannot be coerced, with one issue per field', () => {
    try {
      validateInput(m, { n: 1.5, r: 'x', b: 'yes', t: 'yesterday', u: 'nope', s: 'a' }, 'create');
      expect.unreachable();
    } catch (error) {
      const details = (error as { details: { field: string; code: string }[] }).details;
      expect(details.map((d) => `${d.field}:${d.code}`)).toEqual([
        'n:type',
        'r:type',
        'b:type',
        't:type',
        'u:type',
        's:minLength',
      ]);
    }
  });

  it('patch checks only present fields; null clears optional ones but not required ones', () => {
    expect(validateInput(m, { r: null }, 'patch')).toEqual({ r: null });
    expect(() => validateInput(m, { n: null }, 'patch')).toThrow('invalid things input: n');
    expect(() => validateInput(m, [], 'create')).toThrow('JSON object');
  });
});

describe('list options', () => {
  const m = defineModel({ name: 'things', fields: { a: { type: 'integer' }, b: { type: 'text' } } });
  it('accepts object filters and sort strings, and bounds the number of bound values', () => {
    const q = normalizeListOptions(m, {
      filter: { a: { gt: '3', in: [1, 2] }, b: 'x' },
      sort: '-a,b',
      limit: 5,
    });
    expect(q.filter).toEqual([
      { field: 'a', op: 'gt', value: 3 },
      { field: 'a', op: 'in', value: [1, 2] },
      { field: 'b', op: 'eq', value: 'x' },
    ]);
    expect(q.sort).toEqual([
      { field: 'a', direction: 'desc' },
      { field: 'b', direction: 'asc' },
    ]);
    const many = Array.from({ length: 50 }, (_, i) => i);
    expect(() =>
      normalizeListOptions(m, {
        filter: [
          { field: 'a', op: 'in', value: many },
          { field: 'b', op: 'in', value: many.map(String) },
        ],
      }),
    ).toThrow('too many filter values');
  });
});

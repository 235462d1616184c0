import { describe, expect, it } from 'vitest';
import { defineModel } from '../models/define-model.js';
import { checkedListQuery, normalizeListOptions, parseListQuery, parseRequestQuery } from './query.js';

const items = defineModel({
  name: 'items',
  fields: {
    name: { type: 'text', required: true },
    price: { type: 'real' },
    in_stock: { type: 'boolean' },
    secret: { type: 'text', hidden: true },
  },
});

const parse = (query: string) => parseListQuery(items, new URLSearchParams(query));

describe('parseListQuery', () => {
  it('reads filters, sort, page and limit in one pass', () => {
    expect(parse('in_stock=true&price[gte]=20&sort=-price,name&limit=20&page=3')).toEqual({
      filter: [
        { field: 'in_stock', op: 'eq', value: true },
        { field: 'price', op: 'gte', value: 20 },
      ],
      sort: [
        { field: 'price', direction: 'desc' },
        { field: 'name', direction: 'asc' },
      ],
      page: 3,
      limit: 20,
    });
    expect(parse('')).toMatchObject({ filter: [], sort: [], page: 1, limit: 20 });
    expect(parse('page=&limit=')).toMatchObject({ page: 1, limit: 20 });
  });

  it('a repeated page, limit or sort is refused, after the filters were checked', () => {
    expect(() => parse('page=1&page=2')).toThrow('page may appear only once');
    expect(() => parse('sort=name&limit=5&sort=price&limit=6')).toThrow('limit may appear only once');
    expect(() => parse('page=1&page=2&nope=1')).toThrow('unknown filter field "nope"');
  });
});

describe('checkedListQuery', () => {
  it('takes a query the REST layer parsed for the same model as it is', () => {
    const query = parseRequestQuery(items, new URLSearchParams('price[gt]=1'));
    expect(checkedListQuery(items, query)).toBe(query);
  });

  it('checks anything else, including a parsed query changed afterwards by its caller', () => {
    const other = defineModel({ name: 'other', fields: { price: { type: 'real' } } });
    const parsedForOther = parseRequestQuery(other, new URLSearchParams('price[gt]=1'));
    expect(checkedListQuery(items, parsedForOther)).not.toBe(parsedForOther);
    const plain = parseListQuery(items, new URLSearchParams());
    plain.filter.push({ field: 'secret', op: 'eq', value: 'x' });
    expect(() => checkedListQuery(items, plain)).toThrow('cannot be filtered');
    expect(checkedListQuery(items, { filter: { price: 2 } })).toEqual(
      normalizeListOptions(items, { filter: { price: 2 } }),
    );
  });
});

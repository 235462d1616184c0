import { describe, expect, it } from 'vitest';
import { parseSuite, sampleValue, suiteConfigFor } from './suite-config.js';

const items = {
  name: 'items',
  path: '/api/items',
  fields: {
    name: { type: 'text', required: true, unique: false, maxLength: 200 },
    sku: { type: 'text', required: true, unique: true, pattern: '^[A-Z0-9-]{3,32}$' },
    price: { type: 'real', required: false, unique: false, min: 0 },
    in_stock: { type: 'boolean', required: false, unique: false },
  },
  auth: { read: 'public', write: 'required' },
};
const users = {
  name: 'users',
  path: '/api/users',
  fields: {
    email: { type: 'text', required: true, unique: true, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
    display_name: { type: 'text', required: false, unique: false, maxLength: 100 },
    role: { type: 'text', required: false, unique: false, enum: ['member', 'admin'] },
  },
  auth: { read: 'required', write: 'required' },
};

describe('parseSuite', () => {
  it('accepts a comma list of phases and names an unknown one', () => {
    expect(parseSuite('api, load,api')).toEqual(['api', 'load']);
    expect(() => parseSuite('api,fuzz')).toThrow(
      '--suite: unknown phase "fuzz"; valid phases: api, auth, database, performance, load',
    );
    expect(() => parseSuite('')).toThrow(/at least one/);
  });
});

describe('sampleValue', () => {
  it('satisfies the published pattern, enum and type, and differs per call', () => {
    const sku = sampleValue('sku', items.fields.sku) as string;
    expect(sku).toMatch(/^[A-Z0-9-]{3,32}$/);
    expect(sampleValue('sku', items.fields.sku)).not.toBe(sku);
    expect(sampleValue('email', users.fields.email)).toMatch(/^probe-[0-9a-f]+@example\.test$/);
    expect(sampleValue('role', users.fields.role)).toBe('member');
    expect(sampleValue('price', items.fields.price)).toBe(1);
    expect(sampleValue('code', { type: 'text', pattern: '^x{40}$' })).toBeUndefined();
  });
});

describe('suiteConfigFor', () => {
  const base = { name: 'catalog', baseUrl: 'http://127.0.0.1:9999', reportDir: '/tmp/r' };

  it('builds every phase from the manifest: protected routes, a CRUD round trip, latency', () => {
    const config = suiteConfigFor({
      ...base,
      phases: ['api', 'auth', 'database', 'performance', 'load'],
      credentials: { apiKey: 'k' },
      manifest: { service: 'catalog', resources: [items, users] },
    });
    expect(config.api).toBe(true);
    expect(config.auth?.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'POST /api/items',
      'GET /api/users',
      'POST /api/users',
    ]);
    expect(config.database?.resource).toMatchObject({
      path: '/api/items',
      update: { name: expect.any(String) },
    });
    expect(Object.keys(config.database?.resource.create ?? {})).toEqual(['name', 'sku']);
    expect(config.performance?.endpoints.map((e) => e.path)).toEqual(['/health', '/api/items?limit=10']);
    expect(config.load).toMatchObject({ request: { path: '/health' }, durationMs: 2000 });
    expect(config.reports).toEqual({ dir: '/tmp/r' });
  });

  it('skips auth without credentials and falls back to api discovery when nothing else applies', () => {
    const config = suiteConfigFor({ ...base, phases: ['auth', 'database'] });
    expect(config.auth).toBeUndefined();
    expect(config.database).toBeUndefined();
    expect(config.api).toBe(true);
  });
});

import type { ModelDefinition } from '@clodo/services';
import { type FileMap, toSource, type TemplateInput, serviceProject } from './shared.js';

/** The model a data service starts with; rendered into src/models.ts and into its first migration. */
export const ITEM_MODEL: ModelDefinition = {
  name: 'items',
  fields: {
    name: { type: 'text', required: true, maxLength: 200 },
    sku: { type: 'text', required: true, unique: true, pattern: /^[A-Z0-9-]{3,32}$/ },
    price: { type: 'real', min: 0 },
    in_stock: { type: 'boolean', default: true },
  },
  timestamps: true,
};

const TEST_KEY = 'test-key-0123456789abcdef0123456789abcdef';

export function dataService(input: TemplateInput): { files: FileMap; models: ModelDefinition[] } {
  const { name } = input;
  const files = serviceProject(input, {
    config: { type: 'api', d1: true, auth: 'api-key' },
    src: {
      'src/models.ts': `import { defineModel } from '@clodo/services';

export const items = defineModel(${toSource(ITEM_MODEL)});
`,
      'src/index.ts': `import { createService } from '@clodo/services';
import { items } from './models.js';

// REST resources for every model under /api, /health and the /.well-known/clodo route manifest.
export default createService({
  name: '${name}',
  version: '0.1.0',
  models: [items],
  // Writes need the API key (X-API-Key or Authorization: Bearer); reads are public.
  auth: { apiKeys: { keys: 'API_KEY' }, publicRead: true },
});
`,
    },
    testBindings: { API_KEY: TEST_KEY },
    tests: `const key = { 'X-API-Key': '${TEST_KEY}', 'Content-Type': 'application/json' };

describe('${name}', () => {
  it('is healthy', async () => {
    const res = await mf.dispatchFetch('http://service/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: '${name}' });
  });

  it('creates, reads, lists and deletes an item', async () => {
    const created = await mf.dispatchFetch('http://service/api/items', {
      method: 'POST',
      headers: key,
      body: JSON.stringify({ name: 'Lamp', sku: 'LAMP-1', price: 25 }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { id: string } };
    const got = await mf.dispatchFetch(\`http://service/api/items/\${data.id}\`);
    expect(await got.json()).toMatchObject({ success: true, data: { name: 'Lamp', in_stock: true } });
    const list = await mf.dispatchFetch('http://service/api/items?price[gte]=10');
    expect(await list.json()).toMatchObject({ pagination: { total: 1 } });
    const deleted = await mf.dispatchFetch(\`http://service/api/items/\${data.id}\`, { method: 'DELETE', headers: key });
    expect(deleted.status).toBe(200);
    expect((await mf.dispatchFetch(\`http://service/api/items/\${data.id}\`)).status).toBe(404);
  });

  it('refuses writes without the API key', async () => {
    const res = await mf.dispatchFetch('http://service/api/items', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('names the field that fails validation', async () => {
    const res = await mf.dispatchFetch('http://service/api/items', {
      method: 'POST',
      headers: key,
      body: JSON.stringify({ name: 'No SKU' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('sku');
  });
});
`,
    kind: 'data service',
    about:
      'Models live in `src/models.ts`; after changing one, run `npx clodo db generate` to write the next\nmigration into `migrations/`. Set the API key for local runs in `.dev.vars` (`API_KEY=...`).',
  });
  return { files, models: [ITEM_MODEL] };
}

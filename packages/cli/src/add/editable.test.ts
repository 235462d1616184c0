import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { code, EditableConfig, EditableServiceModule } from './editable.js';

const dir = mkdtempSync(join(tmpdir(), 'clodo-editable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('EditableConfig', () => {
  const json = '{"account":{"id":"x"},\n  "services": [{ "name": "api", "path": "." }]}\n';

  it('leaves a JSON config byte for byte as it was when nothing changes', () => {
    const config = new EditableConfig(file('a.json', json));
    config.service('api');
    expect(config.render()).toBe(json);
  });

  it('edits a JSON config', () => {
    const config = new EditableConfig(file('b.json', json));
    config.service('api').features = { kv: [{ binding: 'CACHE' }] };
    expect(JSON.parse(config.render()).services[0].features).toEqual({ kv: [{ binding: 'CACHE' }] });
  });

  it('keeps comments and untouched code of a TypeScript config', () => {
    const source = `import { defineConfig } from '@clodo/config';\n\n// the account\nexport default defineConfig({\n  account: { id: 'x' },\n  services: [{ name: 'api', path: '.' }],\n});\n`;
    const config = new EditableConfig(file('c.ts', source));
    expect(config.render()).toBe(source);
    config.service('api').dependsOn = ['db'];
    const edited = config.render();
    expect(edited).toContain('// the account');
    expect(edited).toMatch(/dependsOn: \['db'\]/);
    expect(edited.endsWith('\n')).toBe(true);
  });

  it('names a service it cannot find', () => {
    const config = new EditableConfig(file('d.json', json));
    expect(() => config.service('billing')).toThrow(/cannot find service "billing"/);
  });
});

describe('EditableServiceModule', () => {
  it('refuses a module whose default export is not createService({...})', () => {
    const module = new EditableServiceModule(file('e.ts', 'export default { fetch() {} };\n'));
    expect(() => module.serviceOptions()).toThrow(/default export is not createService/);
  });

  it('adds an import once and a raw expression as a property', () => {
    const module = new EditableServiceModule(
      file(
        'f.ts',
        "import { createService } from '@clodo/services';\n\nexport default createService({ name: 'a', auth: false });\n",
      ),
    );
    module.importNamed('notes', './models.js');
    module.importNamed('notes', './models.js');
    module.serviceOptions().models = code('[notes]');
    const text = module.render();
    expect(text.match(/import \{ notes \} from '\.\/models\.js';/g)).toHaveLength(1);
    expect(text).toContain('models: [notes]');
  });
});

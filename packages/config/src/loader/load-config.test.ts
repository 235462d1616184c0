import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, ConfigErrorCode } from '../index.js';
import { loadConfig, resolveApiToken } from '../loader.js';
import { generateWranglerConfig } from '../wrangler.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'clodo-config-loader-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = join(root, `p${counter++}`);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to fail');
}

const TS_CONFIG = `import { defineConfig } from '@clodo/config';

interface Team { owner: string }
const team: Team = { owner: 'platform' };

export default defineConfig({
  name: team.owner,
  account: { id: '${ACCOUNT}' },
  services: [{ name: 'users', path: 'services/users' }],
});
`;

describe('loadConfig', () => {
  test('loads clodo.config.ts without a build step, importing defineConfig from @clodo/config', async () => {
    const cwd = await project({ 'clodo.config.ts': TS_CONFIG });
    const { config, file } = await loadConfig({ cwd });
    expect(file).toBe(join(cwd, 'clodo.config.ts'));
    expect(config.name).toBe('platform');
    expect(config.environments.development!.target).toBe('local');
    expect(Object.isFrozen(config.services[0])).toBe(true);
  });

  test('loads .mjs and .json, and an explicitly named file', async () => {
    const cwd = await project({
      'clodo.config.mjs': `export default { account: { id: '${ACCOUNT}' }, services: [{ name: 'mjs-svc', path: 's' }] };`,
      'other.json': JSON.stringify({
        $schema: './schema.json',
        account: { id: ACCOUNT },
        services: [{ name: 'json-svc', path: 's' }],
      }),
    });
    expect((await loadConfig({ cwd })).config.services[0]!.name).toBe('mjs-svc');
    expect((await loadConfig({ cwd, file: 'other.json' })).config.services[0]!.name).toBe('json-svc');
  });

  test('an .mjs config importing defineConfig', async () => {
    const cwd = await project({
      'clodo.config.mjs': `import { defineConfig } from '@clodo/config';\nexport default defineConfig({ account: { id: '${ACCOUNT}' }, services: [{ name: 'mjs-define', path: 's' }] });`,
    });
    expect((await loadConfig({ cwd })).config.services[0]!.name).toBe('mjs-define');
  });

  test('the token never reaches the loaded config or the generated wrangler.json', async () => {
    const token = 'tok-SEEDED-SECRET-9f8e7d6c5b4a';
    const cwd = await project({ 'clodo.config.ts': TS_CONFIG });
    const { config } = await loadConfig({ cwd });
    expect(resolveApiToken(config, { CLOUDFLARE_API_TOKEN: token })).toBe(token);
    const outputs = [
      JSON.stringify(config),
      JSON.stringify(generateWranglerConfig(config, { service: 'users', environment: 'production' })),
    ];
    for (const output of outputs) expect(output).not.toContain(token);
  });

  test('prefers .ts over .json when both exist', async () => {
    const cwd = await project({ 'clodo.config.ts': TS_CONFIG, 'clodo.config.json': '{}' });
    expect((await loadConfig({ cwd })).file.endsWith('.ts')).toBe(true);
  });

  test('no config file → CONFIG_NOT_FOUND naming the directory', async () => {
    const cwd = await project({});
    const error = await failure(loadConfig({ cwd }));
    expect(error.code).toBe(ConfigErrorCode.CONFIG_NOT_FOUND);
    expect(error.message).toContain(cwd);
    expect(error.problems[0]!.hint).toContain('clodo.config.ts');
  });

  test('named file missing, or a directory → unreadable with the reason', async () => {
    const cwd = await project({});
    await mkdir(join(cwd, 'dir.json'));
    const missing = await failure(loadConfig({ cwd, file: 'nope.json' }));
    expect(missing.problems[0]!.message).toMatch(/cannot read .*nope\.json: the file does not exist/);
    const dir = await failure(loadConfig({ cwd, file: 'dir.json' }));
    expect(dir.problems[0]!.message).toMatch(/it is a directory/);
  });

  test('malformed JSON → one problem with line and column, no stack', async () => {
    const cwd = await project({ 'clodo.config.json': '{\n  "account": { "id": "x", },\n}' });
    const error = await failure(loadConfig({ cwd }));
    expect(error.code).toBe(ConfigErrorCode.CONFIG_INVALID);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.message).toMatch(/^invalid JSON at line 2, column \d+/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  test('wrong types and unknown keys in JSON → every problem with its path and nearest key', async () => {
    const cwd = await project({
      'clodo.config.json': JSON.stringify({
        account: { id: ACCOUNT },
        enviroments: {},
        services: [{ name: 'users', path: 'services/users', dependson: ['x'], features: { d1: 'DB' } }],
      }),
    });
    const error = await failure(loadConfig({ cwd }));
    expect(error.message).toMatch(/^Invalid configuration in clodo\.config\.json \(3 problems\)/);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { path: 'enviroments', message: 'unknown key "enviroments"', hint: 'did you mean "environments"?' },
        {
          path: 'services[0].dependson',
          message: 'unknown key "dependson"',
          hint: 'did you mean "dependsOn"?',
        },
        { path: 'services[0].features.d1', message: 'must be an array, got a string' },
      ]),
    );
  });

  test('TypeScript syntax error → one problem, no stack', async () => {
    const cwd = await project({ 'clodo.config.ts': 'export default {\n  account: { id: "x" ,\n};\n' });
    const error = await failure(loadConfig({ cwd }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.message).toMatch(/^cannot be loaded: Unexpected token.* \(line 3, column 1\)$/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  test('defineConfig failing inside the file → its problems, attributed to the file', async () => {
    const cwd = await project({
      'clodo.config.ts': `import { defineConfig } from '@clodo/config';
export default defineConfig({ account: { id: 'bad' }, services: [{ name: 'api', path: 'a', dependsOn: ['users'] }] });`,
    });
    const error = await failure(loadConfig({ cwd }));
    expect(error.message).toMatch(/^Invalid configuration in clodo\.config\.ts \(2 problems\)/);
    expect(error.problems.map((p) => p.path)).toEqual(['account.id', 'services[0].dependsOn[0]']);
  });

  test('a file that throws, has no default export, or exports a function', async () => {
    const cwd = await project({
      'throws.mjs': `throw new Error('boom from config');`,
      'named.mjs': `export const config = {};`,
      'fn.mjs': `export default () => ({});`,
      'config.yaml': 'a: 1',
    });
    expect((await failure(loadConfig({ cwd, file: 'throws.mjs' }))).problems[0]!.message).toBe(
      'cannot be loaded: boom from config',
    );
    expect((await failure(loadConfig({ cwd, file: 'named.mjs' }))).problems[0]!.message).toBe(
      'has no default export',
    );
    expect((await failure(loadConfig({ cwd, file: 'fn.mjs' }))).problems[0]!.message).toMatch(
      /is a function/,
    );
    expect((await failure(loadConfig({ cwd, file: 'config.yaml' }))).problems[0]!.message).toMatch(
      /unsupported/,
    );
  });

  test('a TS config importing a missing module', async () => {
    const cwd = await project({ 'clodo.config.ts': `import x from './missing.js';\nexport default x;` });
    const error = await failure(loadConfig({ cwd }));
    expect(error.problems[0]!.hint).toMatch(/missing module|import path/);
  });
});

describe('resolveApiToken', () => {
  const config = { account: { id: ACCOUNT, apiTokenEnv: 'CF_TOKEN' } };

  test('reads the named variable', () => {
    expect(resolveApiToken(config, { CF_TOKEN: ' tok-123 ' })).toBe('tok-123');
  });

  test('missing or empty → API_TOKEN_MISSING naming the variable, never a value', () => {
    for (const env of [{}, { CF_TOKEN: '   ' }, { CLOUDFLARE_API_TOKEN: 'other-secret-value' }]) {
      let caught: unknown;
      try {
        resolveApiToken(config, env);
      } catch (error) {
        caught = error;
      }
      const error = caught as ConfigError;
      expect(error.code).toBe(ConfigErrorCode.API_TOKEN_MISSING);
      expect(error.problems[0]).toMatchObject({ path: 'account.apiTokenEnv' });
      expect(error.message).toMatch(/environment variable CF_TOKEN is (not set|empty)/);
      expect(error.message).not.toContain('other-secret-value');
    }
  });
});

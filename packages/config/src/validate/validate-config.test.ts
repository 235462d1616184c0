import { describe, expect, test } from 'vitest';
import { ConfigError, ConfigErrorCode, defineConfig, validateConfig } from '../index.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';

type Input = Record<string, unknown> & { services: Record<string, unknown>[] };

function base(): Input {
  return {
    account: { id: ACCOUNT },
    domain: 'example.com',
    services: [
      { name: 'users', path: 'services/users', features: { d1: [{ binding: 'DB' }] } },
      { name: 'api', path: 'services/api', dependsOn: ['users'], route: { path: '/v1' } },
    ],
  };
}

function problemsOf(input: unknown) {
  const result = validateConfig(input);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems;
}

interface Fixture {
  name: string;
  input: (c: Input) => unknown;
  path: string;
  message: RegExp;
  hint?: RegExp;
}

const fixtures: Fixture[] = [
  { name: 'not an object', input: () => 42, path: '', message: /must be an object/ },
  { name: 'array at root', input: () => [], path: '', message: /must be an object/ },
  {
    name: 'missing account',
    input: (c) => ({ ...c, account: undefined }),
    path: 'account',
    message: /is required/,
  },
  {
    name: 'short account id',
    input: (c) => ({ ...c, account: { id: 'abc123' } }),
    path: 'account.id',
    message: /account id/,
    hint: /32 lowercase hex/,
  },
  {
    name: 'uppercase account id',
    input: (c) => ({ ...c, account: { id: ACCOUNT.toUpperCase() } }),
    path: 'account.id',
    message: /account id/,
  },
  {
    name: 'account id wrong type',
    input: (c) => ({ ...c, account: { id: 12 } }),
    path: 'account.id',
    message: /must be a string, got a number/,
  },
  {
    name: 'token value instead of name',
    input: (c) => ({ ...c, account: { id: ACCOUNT, apiTokenEnv: 'abc-123.xyz' } }),
    path: 'account.apiTokenEnv',
    message: /NAME of an environment variable/,
    hint: /never put the token/,
  },
  {
    name: 'unknown root key',
    input: (c) => ({ ...c, servics: [] }),
    path: 'servics',
    message: /unknown key "servics"/,
    hint: /did you mean "services"/,
  },
  {
    name: 'unknown account key',
    input: (c) => ({ ...c, account: { id: ACCOUNT, apiToken: 'X' } }),
    path: 'account.apiToken',
    message: /unknown key/,
    hint: /apiTokenEnv/,
  },
  {
    name: 'no services',
    input: (c) => ({ ...c, services: [] }),
    path: 'services',
    message: /at least one service/,
  },
  {
    name: 'services not an array',
    input: (c) => ({ ...c, services: {} }),
    path: 'services',
    message: /must be an array, got an object/,
  },
  {
    name: 'service name uppercase',
    input: (c) => withService(c, 0, { name: 'Users' }),
    path: 'services[0].name',
    message: /not a valid service name/,
    hint: /lowercase/,
  },
  {
    name: 'service name one char',
    input: (c) => withService(c, 0, { name: 'u' }),
    path: 'services[0].name',
    message: /not a valid service name/,
  },
  {
    name: 'service name starts with digit',
    input: (c) => withService(c, 0, { name: '1users' }),
    path: 'services[0].name',
    message: /not a valid service name/,
  },
  {
    name: 'service name too long',
    input: (c) => withService(c, 0, { name: `a${'b'.repeat(63)}` }),
    path: 'services[0].name',
    message: /not a valid service name/,
  },
  {
    name: 'duplicate service',
    input: (c) => withService(c, 1, { name: 'users', dependsOn: [] }),
    path: 'services[1].name',
    message: /duplicate service name "users"/,
  },
  {
    name: 'unknown dependsOn',
    input: (c) => withService(c, 1, { dependsOn: ['billing'] }),
    path: 'services[1].dependsOn[0]',
    message: /unknown service "billing"/,
  },
  {
    name: 'misspelt dependsOn',
    input: (c) => withService(c, 1, { dependsOn: ['user'] }),
    path: 'services[1].dependsOn[0]',
    message: /unknown service "user"/,
    hint: /did you mean "users"/,
  },
  {
    name: 'self dependency',
    input: (c) => withService(c, 0, { dependsOn: ['users'] }),
    path: 'services[0].dependsOn[0]',
    message: /depends on itself/,
  },
  {
    name: 'two-service cycle',
    input: (c) => withService(c, 0, { dependsOn: ['api'] }),
    path: 'services[0].dependsOn',
    message: /dependency cycle: users → api → users/,
  },
  {
    name: 'absolute path',
    input: (c) => withService(c, 0, { path: '/srv/users' }),
    path: 'services[0].path',
    message: /relative path/,
  },
  {
    name: 'path escaping the project',
    input: (c) => withService(c, 0, { path: '../users' }),
    path: 'services[0].path',
    message: /relative path/,
  },
  {
    name: 'unknown service type',
    input: (c) => withService(c, 0, { type: 'apii' }),
    path: 'services[0].type',
    message: /must be one of/,
    hint: /did you mean "api"/,
  },
  {
    name: 'unknown feature',
    input: (c) => withService(c, 0, { features: { kvs: [] } }),
    path: 'services[0].features.kvs',
    message: /unknown feature "kvs"/,
    hint: /did you mean "kv"/,
  },
  {
    name: 'unknown feature far from any',
    input: (c) => withService(c, 0, { features: { websockets: true } }),
    path: 'services[0].features.websockets',
    message: /unknown feature/,
    hint: /known features: "d1"/,
  },
  {
    name: 'binding clash across kinds',
    input: (c) => withService(c, 0, { features: { d1: [{ binding: 'DB' }], kv: [{ binding: 'DB' }] } }),
    path: 'services[0].features.kv[0].binding',
    message: /binding "DB" is already declared at services\[0\]\.features\.d1\[0\]\.binding/,
  },
  {
    name: 'var clashes with binding',
    input: (c) => withService(c, 0, { vars: { DB: 'x' } }),
    path: 'services[0].vars.DB',
    message: /same name as the binding/,
  },
  {
    name: 'environment var clashes with binding',
    input: (c) => ({ ...c, environments: { production: { vars: { DB: '1' } } } }),
    path: 'environments.production.vars.DB',
    message: /same name as the binding/,
  },
  {
    name: 'override binding clash',
    input: (c) =>
      withService(c, 0, {
        features: { d1: [{ binding: 'DB' }] },
        environments: { staging: { features: { kv: [{ binding: 'DB' }] } } },
      }),
    path: 'services[0].environments.staging.features.kv[0].binding',
    message: /already declared at services\[0\]\.features\.d1\[0\]/,
  },
  {
    name: 'bad binding name',
    input: (c) => withService(c, 0, { features: { kv: [{ binding: 'my-cache' }] } }),
    path: 'services[0].features.kv[0].binding',
    message: /not a valid binding name/,
  },
  {
    name: 'two default D1 databases',
    input: (c) => withService(c, 0, { features: { d1: [{ binding: 'DB' }, { binding: 'DB2' }] } }),
    path: 'services[0].features.d1[1]',
    message: /duplicate D1 database name/,
  },
  {
    name: 'bad cron',
    input: (c) => withService(c, 0, { features: { cron: ['every minute'] } }),
    path: 'services[0].features.cron[0]',
    message: /not a cron expression/,
  },
  {
    name: 'unknown service binding target',
    input: (c) => withService(c, 1, { features: { services: [{ binding: 'AUTH', service: 'auth' }] } }),
    path: 'services[1].features.services[0].service',
    message: /unknown service "auth"/,
  },
  {
    name: 'service binding to itself',
    input: (c) => withService(c, 1, { features: { services: [{ binding: 'SELF', service: 'api' }] } }),
    path: 'services[1].features.services[0].service',
    message: /binds to itself/,
  },
  {
    name: 'models without AI binding',
    input: (c) => withService(c, 1, { models: ['@cf/meta/llama-3-8b-instruct'] }),
    path: 'services[1].models',
    message: /no AI binding/,
    hint: /features\.ai/,
  },
  {
    name: 'queue batch size too big',
    input: (c) =>
      withService(c, 0, { features: { queues: { consumers: [{ queue: 'jobs', maxBatchSize: 500 }] } } }),
    path: 'services[0].features.queues.consumers[0].maxBatchSize',
    message: /at most 100/,
  },
  {
    name: 'bad queue name',
    input: (c) =>
      withService(c, 0, { features: { queues: { producers: [{ binding: 'Q', queue: 'Jobs_Queue' }] } } }),
    path: 'services[0].features.queues.producers[0].queue',
    message: /not a valid queue name/,
  },
  {
    name: 'unknown auth type',
    input: (c) => withService(c, 0, { auth: { type: 'jwtt' } }),
    path: 'services[0].auth.type',
    message: /must be one of "none", "api-key", "jwt"/,
    hint: /did you mean "jwt"/,
  },
  {
    name: 'bad jwks url',
    input: (c) => withService(c, 0, { auth: { type: 'jwt', jwksUrl: 'not a url' } }),
    path: 'services[0].auth.jwksUrl',
    message: /must be a URL/,
  },
  {
    name: 'route wrong shape',
    input: (c) => withService(c, 0, { route: 'api' }),
    path: 'services[0].route',
    message: /must be false or an object/,
  },
  {
    name: 'route path without slash',
    input: (c) => withService(c, 1, { route: { path: 'v1' } }),
    path: 'services[1].route.path',
    message: /must start with "\/"/,
  },
  {
    name: 'route clash',
    input: (c) => withService(c, 1, { route: {} }),
    path: 'services[1].route',
    message: /route (staging-)?api\.example\.com\/ is also used by service "users"/,
  },
  {
    name: 'bad compatibility date',
    input: (c) => ({ ...c, compatibilityDate: '2025-13-45' }),
    path: 'compatibilityDate',
    message: /not a compatibility date/,
  },
  {
    name: 'localhost domain',
    input: (c) => ({ ...c, domain: 'localhost' }),
    path: 'domain',
    message: /not a valid hostname/,
    hint: /two labels/,
  },
  {
    name: 'dash-edged domain',
    input: (c) => ({ ...c, domain: '-bad-.com' }),
    path: 'domain',
    message: /not a valid hostname/,
    hint: /start or end with "-"/,
  },
  {
    name: 'domain with scheme',
    input: (c) => ({ ...c, domain: 'https://example.com' }),
    path: 'domain',
    message: /not a valid hostname/,
    hint: /without a scheme/,
  },
  {
    name: 'bad environment target',
    input: (c) => ({ ...c, environments: { production: { target: 'cloud' } } }),
    path: 'environments.production.target',
    message: /must be one of "local", "cloudflare"/,
  },
  {
    name: 'bad environment name',
    input: (c) => ({ ...c, environments: { Prod: {} } }),
    path: 'environments.Prod',
    message: /not a valid environment name/,
  },
  {
    name: 'no environments',
    input: (c) => ({ ...c, environments: {} }),
    path: 'environments',
    message: /at least one environment/,
  },
  {
    name: 'var of wrong type',
    input: (c) => ({ ...c, environments: { production: { vars: { LIMITS: [1] } } } }),
    path: 'environments.production.vars.LIMITS',
    message: /string, number or boolean/,
  },
  {
    name: 'override for unknown environment',
    input: (c) => withService(c, 0, { environments: { prod: { vars: {} } } }),
    path: 'services[0].environments.prod',
    message: /unknown environment "prod"/,
    hint: /did you mean "production"|environments:/,
  },
  {
    name: 'reserved var name',
    input: (c) => withService(c, 0, { vars: { CLODO_SERVICE: 'x' } }),
    path: 'services[0].vars.CLODO_SERVICE',
    message: /reserved/,
  },
  {
    name: 'customer bad domain',
    input: (c) => ({ ...c, customers: [{ name: 'acme', domain: 'acme' }] }),
    path: 'customers[0].domain',
    message: /not a valid hostname/,
  },
  {
    name: 'duplicate customer',
    input: (c) => ({
      ...c,
      customers: [
        { name: 'acme', domain: 'acme.com' },
        { name: 'acme', domain: 'acme.org' },
      ],
    }),
    path: 'customers[1].name',
    message: /duplicate customer name/,
  },
  {
    name: 'customer unknown service',
    input: (c) => ({ ...c, customers: [{ name: 'acme', domain: 'acme.com', services: ['billing'] }] }),
    path: 'customers[0].services[0]',
    message: /unknown service "billing"/,
  },
  {
    name: 'customer bad zone id',
    input: (c) => ({ ...c, customers: [{ name: 'acme', domain: 'acme.com', zoneId: 'zone' }] }),
    path: 'customers[0].zoneId',
    message: /zone id/,
  },
  {
    name: 'worker name too long',
    input: (c) => ({
      ...c,
      customers: [{ name: `c${'x'.repeat(40)}`, domain: 'acme.com' }],
      services: [{ name: `s${'y'.repeat(20)}`, path: 's' }],
    }),
    path: 'services[0].name',
    message: /worker name .* Cloudflare allows 63/,
  },
];

function withService(c: Input, index: number, patch: Record<string, unknown>): Input {
  const services = c.services.map((s, i) => (i === index ? { ...s, ...patch } : s));
  return { ...c, services };
}

describe('validateConfig', () => {
  test('accepts the base fixture', () => {
    expect(validateConfig(base()).ok).toBe(true);
  });

  test.each(fixtures)('$name → $path', ({ input, path, message, hint }) => {
    const problems = problemsOf(input(base()));
    const match = problems.find((p) => p.path === path && message.test(p.message));
    expect(match, `problems were:\n${JSON.stringify(problems, null, 2)}`).toBeDefined();
    if (hint) expect(match!.hint).toMatch(hint);
  });

  test('reports every problem at once', () => {
    const problems = problemsOf({
      account: { id: 'nope' },
      domian: 'example.com',
      services: [
        { name: 'api', path: 'services/api', dependsOn: ['users', 'billing'], features: { kvs: [] } },
        { name: 'users', path: 'services/users', dependsOn: ['api'] },
        { name: 'users', path: 'x' },
      ],
      customers: [{ name: 'acme', domain: 'localhost' }],
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'account.id',
        'domian',
        'services[0].features.kvs',
        'services[0].dependsOn[1]',
        'services[2].name',
        'services[0].dependsOn',
        'customers[0].domain',
      ]),
    );
    expect(problems.find((p) => p.path === 'services[0].dependsOn')?.message).toBe(
      'dependency cycle: api → users → api',
    );
  });

  test('longer cycles are spelled out once', () => {
    const problems = problemsOf({
      account: { id: ACCOUNT },
      services: [
        { name: 'aa', path: 'a', dependsOn: ['bb'] },
        { name: 'bb', path: 'b', dependsOn: ['cc'] },
        { name: 'cc', path: 'c', dependsOn: ['aa'] },
      ],
    });
    const cycles = problems.filter((p) => p.message.startsWith('dependency cycle'));
    expect(cycles.map((p) => p.message)).toEqual(['dependency cycle: aa → bb → cc → aa']);
  });

  test('valid hostnames are accepted', () => {
    for (const domain of ['api.example.com', 'my-site.co.uk', 'xn--bcher-kva.example', 'a.io']) {
      expect(validateConfig({ ...base(), domain }).ok, domain).toBe(true);
    }
  });

  test('problems never echo the token-looking value', () => {
    const secret = 'v1.0-abcdefSECRETVALUE1234567890';
    const problems = problemsOf({ ...base(), account: { id: ACCOUNT, apiTokenEnv: secret } });
    expect(JSON.stringify(problems)).not.toContain(secret);
  });
});

describe('robustness', () => {
  // Deterministic pseudo-random mutations of a valid config: validation must answer, never throw.
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const junk = (): unknown => {
    const options = [
      null,
      undefined,
      0,
      -1,
      3.5,
      '',
      'x',
      'UPPER',
      true,
      [],
      [null],
      {},
      { a: 1 },
      'services',
      ['users'],
    ];
    return options[Math.floor(random() * options.length)];
  };
  function mutate(value: unknown, depth: number): unknown {
    if (value === null || typeof value !== 'object' || random() < 0.15)
      return depth > 0 && random() < 0.3 ? junk() : value;
    if (Array.isArray(value)) return value.map((v) => mutate(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[random() < 0.05 ? `${k}x` : k] = mutate(v, depth + 1);
    return out;
  }

  test('500 mutated configs: a result every time, each problem with a string path and message', () => {
    let rejected = 0;
    for (let i = 0; i < 500; i++) {
      const input = mutate(base(), 0);
      const result = validateConfig(input);
      if (!result.ok) {
        rejected++;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(typeof p.path).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
        }
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });
});

describe('normalized result', () => {
  test('fills defaults, names environments, development runs locally, everything frozen', () => {
    const result = validateConfig(base());
    if (!result.ok) throw new Error('expected ok');
    const { config } = result;
    expect(Object.keys(config.environments)).toEqual(['development', 'staging', 'production']);
    expect(config.environments.development).toMatchObject({ name: 'development', target: 'local' });
    expect(config.environments.production).toMatchObject({ name: 'production', target: 'cloudflare' });
    expect(config.account.apiTokenEnv).toBe('CLOUDFLARE_API_TOKEN');
    expect(config.services[0]!.features.d1[0]).toEqual({ binding: 'DB', migrationsDir: 'migrations' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.services[0]!.features.d1)).toBe(true);
    expect(() => {
      (config.services as unknown as unknown[]).push({});
    }).toThrow();
  });

  test('an explicit development target is kept', () => {
    const result = validateConfig({ ...base(), environments: { development: { target: 'cloudflare' } } });
    expect(result.ok && result.config.environments.development!.target).toBe('cloudflare');
  });

  test('normalizing is idempotent: a normalized config validates to itself', () => {
    const first = defineConfig(base() as never);
    const second = defineConfig(JSON.parse(JSON.stringify(first)));
    expect(second).toEqual(first);
  });

  test('overrides do not pick up defaults for lists they do not name', () => {
    const config = defineConfig(
      withService(base(), 0, {
        environments: { staging: { features: { kv: [{ binding: 'CACHE' }] } } },
      }) as never,
    );
    expect(config.services[0]!.environments.staging!.features).toEqual({ kv: [{ binding: 'CACHE' }] });
  });
});

describe('defineConfig', () => {
  test('throws a ConfigError with every problem and code CONFIG_INVALID', () => {
    let caught: unknown;
    try {
      defineConfig({ account: { id: 'x' }, services: [{ name: 'A', path: 'a' }] } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe(ConfigErrorCode.CONFIG_INVALID);
    expect(error.problems.map((p) => p.path)).toEqual(['account.id', 'services[0].name']);
    expect(error.message).toContain('account.id: is not a valid Cloudflare account id');
  });
});

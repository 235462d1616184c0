import type { ModelDefinition } from '@clodo/services';
import { type FileMap, type TemplateInput, toSource, serviceProject } from './shared.js';

export const USER_MODEL: ModelDefinition = {
  name: 'users',
  fields: {
    email: {
      type: 'text',
      required: true,
      unique: true,
      maxLength: 200,
      pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
    },
    display_name: { type: 'text', maxLength: 100 },
    role: { type: 'text', enum: ['member', 'admin'], default: 'member' },
  },
  timestamps: true,
  softDelete: true,
};

const TEST_KEY = 'test-key-0123456789abcdef0123456789abcdef';
const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789abcdef0123456789abcdef';

export function authService(input: TemplateInput): { files: FileMap; models: ModelDefinition[] } {
  const { name, versions } = input;
  const files = serviceProject(input, {
    dependencies: { '@clodo/security': `^${versions['@clodo/security'] ?? '0.1.0'}` },
    config: { type: 'api', d1: true, auth: 'jwt' },
    src: {
      'src/models.ts': `import { defineModel } from '@clodo/services';

export const users = defineModel(${toSource(USER_MODEL)});
`,
      'src/index.ts': `import { createService } from '@clodo/services';
import { signJwt } from '@clodo/security/worker';
import { users } from './models.js';

type Env = { API_KEY?: string; JWT_SECRET?: string };

// /api/users needs a bearer JWT issued by this service; POST /auth/token trades the API key for one.
export default createService({
  name: '${name}',
  version: '0.1.0',
  models: [users],
  bindings: ['JWT_SECRET', 'API_KEY'],
  auth: {
    jwt: (env) => ({ secret: String((env as Env).JWT_SECRET), issuer: '${name}' }),
    apiKeys: { keys: 'API_KEY' },
  },
  routes: (app) => {
    app.post('/auth/token', async (c) => {
      const env = c.env as Env;
      const { verifyApiKey } = await import('@clodo/security/worker');
      const presented = c.req.header('x-api-key') ?? '';
      if (!env.API_KEY || !(await verifyApiKey(presented, { keys: [env.API_KEY] }))) {
        c.header('WWW-Authenticate', 'ApiKey realm="${name}"');
        return c.json({ success: false, error: { code: 'UNAUTHORIZED', message: 'a valid X-API-Key is required' } }, 401);
      }
      const token = await signJwt({}, { secret: String(env.JWT_SECRET), issuer: '${name}', subject: 'api-key', expiresIn: '15m' });
      return c.json({ success: true, data: { token, tokenType: 'Bearer', expiresIn: 900 } });
    });
  },
});
`,
    },
    testBindings: { API_KEY: TEST_KEY, JWT_SECRET: TEST_JWT_SECRET },
    tests: `async function token(): Promise<string> {
  const res = await mf.dispatchFetch('http://service/auth/token', { method: 'POST', headers: { 'X-API-Key': '${TEST_KEY}' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { token: string } }).data.token;
}

describe('${name}', () => {
  it('is healthy', async () => {
    expect((await mf.dispatchFetch('http://service/health')).status).toBe(200);
  });

  it('refuses a wrong API key and requests without a token', async () => {
    const bad = await mf.dispatchFetch('http://service/auth/token', { method: 'POST', headers: { 'X-API-Key': 'nope' } });
    expect(bad.status).toBe(401);
    const res = await mf.dispatchFetch('http://service/api/users');
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBeTruthy();
  });

  it('creates and lists users with a token it issued', async () => {
    const auth = { Authorization: \`Bearer \${await token()}\`, 'Content-Type': 'application/json' };
    const created = await mf.dispatchFetch('http://service/api/users', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'ada@example.com', display_name: 'Ada' }),
    });
    expect(created.status).toBe(201);
    const dup = await mf.dispatchFetch('http://service/api/users', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'ada@example.com' }),
    });
    expect(dup.status).toBe(409);
    const list = await mf.dispatchFetch('http://service/api/users', { headers: auth });
    expect(await list.json()).toMatchObject({ data: [{ email: 'ada@example.com', role: 'member' }] });
  });
});
`,
    kind: 'auth service',
    about:
      '`POST /auth/token` with `X-API-Key` returns a 15-minute JWT (HS256, issuer = the service name); `/api/users`\naccepts it as `Authorization: Bearer <token>`. Secrets: `API_KEY`, `JWT_SECRET` (`npx clodo secrets generate`).',
  });
  return { files, models: [USER_MODEL] };
}

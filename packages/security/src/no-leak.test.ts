import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@clodo/config';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  blocksDeployment,
  checkKeyStrength,
  createProcessRunner,
  evaluateSecurityRules,
  generateApiKey,
  generateJwtSecret,
  generateServiceKeys,
  hashApiKey,
  LocalSecretStore,
  Redactor,
  rotateSecret,
  securityInputForUnit,
  signJwt,
  verifyApiKey,
  verifyJwt,
  WranglerSecretStore,
} from './index.js';

// Seeds: generated secrets and the kind of hand-made ones people really use.
const keys = generateServiceKeys(['orders', 'billing']);
const SEEDS = {
  ORDERS_API_KEY: keys.orders!.apiKey,
  ORDERS_JWT_SECRET: keys.orders!.jwtSecret,
  BILLING_API_KEY: keys.billing!.apiKey,
  ADMIN_KEY: generateApiKey('admin'),
  SIGNING_SECRET: generateJwtSecret(),
  DB_PASSWORD: 'hunter2-my-weak-pass',
  WEBHOOK_SECRET: 'changeme-local-001',
};
const seedValues = Object.values(SEEDS);

const dir = mkdtempSync(join(tmpdir(), 'clodo-no-leak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('no secret value leaks from any flow', () => {
  it('generation, rules, stores, rotation, JWT and redaction flows print and return no seeded value', async () => {
    const output: string[] = [];
    const capture = (...args: unknown[]) => {
      output.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, replacer))).join(' '));
    };
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(capture),
      vi.spyOn(console, 'info').mockImplementation(capture),
      vi.spyOn(console, 'warn').mockImplementation(capture),
      vi.spyOn(console, 'error').mockImplementation(capture),
      vi.spyOn(console, 'debug').mockImplementation(capture),
    ];
    const errors: unknown[] = [];
    const returned: unknown[] = [];
    const attempt = async (fn: () => unknown) => {
      try {
        returned.push(await fn());
      } catch (error) {
        errors.push(error);
      }
    };

    try {
      // Strength and rules, in every environment, with secrets also misplaced into vars and URLs.
      for (const value of seedValues) returned.push(checkKeyStrength(value));
      for (const environment of ['production', 'staging', 'development', 'canary']) {
        const findings = evaluateSecurityRules({
          environment,
          secrets: { ...SEEDS, COPY: SEEDS.DB_PASSWORD },
          vars: {
            LEAKED_SECRET: SEEDS.ADMIN_KEY,
            DEBUG: 'true',
            API_URL: `http://admin:${SEEDS.DB_PASSWORD}@localhost/x`,
          },
          urls: { webhook: `https://hooks.example.com/${SEEDS.WEBHOOK_SECRET}`, bad: SEEDS.SIGNING_SECRET },
          flags: { skipAuth: true },
        });
        returned.push(findings, blocksDeployment(findings, environment));
      }

      // A real config: seeded values misplaced into vars, judged per unit.
      const config = parseConfig({
        account: { id: '0123456789abcdef0123456789abcdef' },
        domain: 'example.com',
        environments: {
          production: { vars: { COPIED: SEEDS.ORDERS_API_KEY, DB_PASSWORD: SEEDS.DB_PASSWORD } },
        },
        services: [
          {
            name: 'orders',
            path: 'services/orders',
            auth: { type: 'api-key', header: 'X-API-Key', secret: 'ORDERS_API_KEY' },
          },
        ],
      });
      const unitInput = securityInputForUnit(
        config,
        { service: 'orders', environment: 'production' },
        { secrets: SEEDS },
      );
      const unitFindings = evaluateSecurityRules(unitInput);
      expect(unitFindings.map((f) => f.rule)).toContain('secret-in-vars');
      returned.push(unitFindings);

      // The local store on a real git repository that does not ignore it (so the default console.warn fires).
      execFileSync('git', ['init', '-q', dir]);
      const store = new LocalSecretStore({ path: join(dir, '.dev.vars') });
      await attempt(() => store.setMany(SEEDS));
      await attempt(() => store.list());
      await attempt(() => store.set('MIXED', `${SEEDS.DB_PASSWORD}'\`"`));
      await attempt(() => store.set('bad name', SEEDS.ADMIN_KEY));
      const rotation = await rotateSecret(store, 'ORDERS_JWT_SECRET', generateJwtSecret);
      returned.push(rotation);
      capture('rotated', rotation);
      await attempt(() => rotateSecret(store, 'ORDERS_API_KEY', () => SEEDS.ORDERS_API_KEY));
      const broken = join(dir, 'broken.vars');
      writeFileSync(broken, `A=1\n${SEEDS.SIGNING_SECRET}\nB='${SEEDS.DB_PASSWORD}\n`);
      await attempt(() => new LocalSecretStore({ path: broken, warn: capture }).list());

      // The wrangler store against a stand-in that echoes stdin on failure and records its argv.
      const argvLog = join(dir, 'argv.log');
      const script = join(dir, 'wrangler.mjs');
      writeFileSync(
        script,
        `import { appendFileSync } from 'node:fs';
let stdin = '';
for await (const chunk of process.stdin) stdin += chunk;
appendFileSync(${JSON.stringify(argvLog)}, process.argv.slice(2).join(' ') + '\\n');
if (process.argv.includes('FAILS')) { console.error('rejected: ' + stdin); process.exit(1); }
console.log('ok ' + stdin.length);
`,
      );
      const wrangler = new WranglerSecretStore({
        runner: createProcessRunner(process.execPath, { baseArgs: [script] }),
        environment: 'production',
      });
      await attempt(() => wrangler.set('ADMIN_KEY', SEEDS.ADMIN_KEY));
      await attempt(() => wrangler.setMany({ A: SEEDS.ORDERS_API_KEY, B: SEEDS.BILLING_API_KEY }));
      await attempt(() => wrangler.set('FAILS', SEEDS.SIGNING_SECRET));
      await attempt(() => wrangler.setMany({ FAILS: SEEDS.WEBHOOK_SECRET }));
      await attempt(() => rotateSecret(wrangler, 'ADMIN_KEY', () => generateApiKey('admin')));

      // Auth primitives with the seeded secrets.
      const token = await signJwt({ sub: 'u1' }, { secret: SEEDS.ORDERS_JWT_SECRET, expiresIn: -5 });
      returned.push(await verifyJwt(token, { secret: SEEDS.ORDERS_JWT_SECRET }));
      returned.push(await verifyJwt(token, { secret: SEEDS.SIGNING_SECRET }));
      returned.push(await verifyJwt(SEEDS.ADMIN_KEY, { secret: SEEDS.SIGNING_SECRET }));
      await attempt(() => verifyJwt(token, { publicKey: SEEDS.SIGNING_SECRET }));
      await attempt(() => verifyApiKey(SEEDS.ADMIN_KEY, { hashes: [SEEDS.BILLING_API_KEY] }));
      returned.push(
        await verifyApiKey(SEEDS.ADMIN_KEY, {
          keys: [SEEDS.ORDERS_API_KEY],
          hashes: [await hashApiKey(SEEDS.ADMIN_KEY)],
        }),
      );

      // A logger that redacts, the way every logger in the project is meant to.
      const redactor = new Redactor({ secrets: [...seedValues, rotation.value] });
      const log = (message: string, data?: unknown) =>
        console.log(redactor.redactString(message), redactor.redact(data));
      log(`loaded config for orders with key ${SEEDS.ORDERS_API_KEY}`, {
        secrets: SEEDS,
        env: { ...SEEDS },
        header: `Bearer ${SEEDS.ADMIN_KEY}`,
      });
      log('deploy failed', {
        error: new Error(`upload rejected: ${SEEDS.SIGNING_SECRET}`),
        url: `https://x.example.com/?k=${encodeURIComponent(SEEDS.DB_PASSWORD)}`,
      });
      for (const error of errors) console.error(redactor.redact(error));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // The flows really ran: things were printed, found, refused and stored.
    expect(output.length).toBeGreaterThan(5);
    expect(output.join('\n')).toMatch(/is not ignored by git/);
    expect(errors.length).toBeGreaterThanOrEqual(6);
    const storeText = readFileSync(join(dir, '.dev.vars'), 'utf8');
    expect(storeText).toContain(SEEDS.DB_PASSWORD);

    const errorText = errors.map((e) => `${(e as Error).message}\n${(e as Error).stack}`).join('\n');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter(
        (f) =>
          !f.startsWith('.git') &&
          f !== '.dev.vars' &&
          f !== 'broken.vars' &&
          statSync(join(dir, f)).isFile(),
      )
      .map((f) => `${f}:\n${readFileSync(join(dir, f), 'utf8')}`)
      .join('\n');
    expect(files).toContain('secret put ADMIN_KEY --env production');
    const everything = [output.join('\n'), errorText, JSON.stringify(returned, replacer), files].join('\n');
    for (const [name, value] of Object.entries(SEEDS)) {
      expect(everything.includes(value), `${name} leaked`).toBe(false);
      expect(everything.includes(encodeURIComponent(value)), `${name} leaked URL-encoded`).toBe(false);
    }
  });
});

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { ...(value as object), name: value.name, message: value.message, stack: value.stack };
  }
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

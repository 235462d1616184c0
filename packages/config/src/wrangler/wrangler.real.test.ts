import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleConfig } from '../__fixtures__/sample-config.js';
import {
  generateWranglerConfig,
  generateWranglerConfigWithEnvironments,
  writeWranglerConfig,
} from '../wrangler.js';

// The real wrangler 4.164.0 checks what we generate: `deploy --dry-run` validates the config,
// resolves every binding and bundles the worker, without any network.
const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin',
  'wrangler.js',
);

const WORKER = `import { DurableObject } from 'cloudflare:workers';
export class Counter extends DurableObject {
  async fetch() { return new Response('1'); }
}
export default {
  async fetch(request, env) { return new Response(env.CLODO_SERVICE); },
  async scheduled() {},
  async queue() {},
};
`;

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'clodo-wrangler-dry-run-'));
  for (const service of ['users', 'auth']) {
    await mkdir(join(project, 'services', service, 'src'), { recursive: true });
    await writeFile(join(project, 'services', service, 'src', 'index.ts'), WORKER);
  }
  await mkdir(join(project, 'services', 'users', 'migrations', 'audit'), { recursive: true });
  await mkdir(join(project, 'home'), { recursive: true });
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

function dryRun(configFile: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const outdir = join(project, 'out', String(Math.random()).slice(2));
    const child = spawn(
      process.execPath,
      [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir, '--config', configFile, ...args],
      {
        cwd: project,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: join(project, 'home'),
          XDG_CONFIG_HOME: join(project, 'home'),
          WRANGLER_SEND_METRICS: 'false',
          CI: '1',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.concurrent('generated wrangler.json passes the real wrangler deploy --dry-run', {
  timeout: 120_000,
}, () => {
  test('a customer unit with every binding kind', async () => {
    const file = join(project, 'services', 'users', 'wrangler.json');
    await writeWranglerConfig(
      file,
      generateWranglerConfig(sampleConfig, {
        service: 'users',
        environment: 'staging',
        customer: 'acme',
        ids: {
          d1: {
            'users-acme-staging': '00000000-0000-4000-8000-000000000001',
            'users-audit-acme-staging': '00000000-0000-4000-8000-000000000002',
          },
          kv: { 'users-sessions-acme-staging': '0123456789abcdef0123456789abcdef' },
        },
      }),
    );
    const { code, output } = await dryRun(file);
    expect(code, output).toBe(0);
    expect(output).toContain('--dry-run: exiting now.');
    // No diagnostics about the config itself (unexpected fields, missing inherited bindings, ...).
    expect(output).not.toMatch(/Processing .*configuration|\[WARNING\]/);
    for (const name of [
      'env.DB (users-acme-staging)',
      'env.SESSIONS',
      'env.AVATARS (avatars-acme-staging)',
      'env.COUNTER (Counter)',
      'env.AUTH (auth-acme-staging)',
      'env.EVENTS (user-events-acme-staging)',
      'env.AI',
    ]) {
      expect(output, name).toContain(name);
    }
    expect(await readdir(join(project, 'out'))).not.toHaveLength(0);
  });

  test('env sections: --env production sees its own bindings', async () => {
    const dir = join(project, '.clodo', 'wrangler');
    const file = join(dir, 'users.json');
    await writeWranglerConfig(
      file,
      generateWranglerConfigWithEnvironments(sampleConfig, {
        service: 'users',
        configDir: '.clodo/wrangler',
      }),
    );
    const { code, output } = await dryRun(file, ['--env', 'production']);
    expect(code, output).toBe(0);
    expect(output).toContain('env.DB (users)');
    expect(output).toContain('env.AUDIT_DB (users-audit)');
    expect(output).toContain('env.AUTH (auth)');
    expect(output).not.toMatch(/not inherited/);
  });

  test('control: an env section relying on inheritance is what wrangler warns about', async () => {
    const file = join(project, '.clodo', 'wrangler', 'users-broken.json');
    const generated = generateWranglerConfigWithEnvironments(sampleConfig, {
      service: 'users',
      configDir: '.clodo/wrangler',
    });
    const { d1_databases: _dropped, ...production } = generated.env!.production!;
    await writeWranglerConfig(file, {
      ...generated,
      env: { ...generated.env, production: production as never },
    });
    const { output } = await dryRun(file, ['--env', 'production']);
    expect(output).toMatch(/"d1_databases" exists at the top level, but not on "env\.production"/);
  });
});

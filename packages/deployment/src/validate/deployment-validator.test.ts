import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedRunner } from '../testing/scripted-runner.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { DeploymentValidator } from './deployment-validator.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-validate-'));
  await writeFile(
    join(dir, 'wrangler.json'),
    JSON.stringify({ name: 'api', d1_databases: [{ binding: 'DB', database_name: 'api-db' }] }),
  );
  await mkdir(join(dir, 'migrations'));
  await writeFile(join(dir, 'migrations', '0001_users.sql'), 'CREATE TABLE users (id INTEGER);');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const context = { deploymentId: 'run-1', service: 'api', environment: 'production' };
const target = {
  kind: 'cloudflare' as const,
  apiBaseUrl: 'https://api.cloudflare.com/client/v4',
  accountId: '0123456789abcdef0123456789abcdef',
  apiToken: 'token-value',
};
const bundle = async (command: { args: readonly string[] }) => {
  const outdir = command.args[command.args.indexOf('--outdir') + 1]!;
  await writeFile(join(outdir, 'index.js'), 'x'.repeat(1234));
  await writeFile(join(outdir, 'index.js.map'), 'map');
  return {};
};

describe('DeploymentValidator', () => {
  it('passes a clean service and reports the bundle size from the dry run', async () => {
    const runner = new ScriptedRunner([bundle]);
    const report = await new DeploymentValidator({ runner }).validate({
      context,
      target,
      configPath: join(dir, 'wrangler.json'),
      cwd: dir,
      security: { secrets: { JWT_SECRET: 'Zr8fQ2mL9xV4kT7wN1pB6sD3hJ5gC0yE' } },
    });
    expect(report).toEqual({ ok: true, findings: [], bundleBytes: 1234 });
    expect(runner.commands[0]!.args.slice(0, 3)).toEqual(['deploy', '--dry-run', '--outdir']);
  });

  it('returns every finding at once and changes nothing', async () => {
    await writeFile(join(dir, 'migrations', '0001_again.sql'), 'SELECT 1;');
    await writeFile(join(dir, 'migrations', 'notes.txt'), 'hi');
    const before = await readdir(dir, { recursive: true });
    const runner = new ScriptedRunner([
      new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_FAILED,
        'wrangler deploy failed: Could not resolve "./missing"',
      ),
    ]);
    const report = await new DeploymentValidator({ runner }).validate({
      context,
      target: { ...target, apiToken: '' },
      configPath: join(dir, 'wrangler.json'),
      cwd: dir,
      config: {
        account: { id: '0123456789abcdef0123456789abcdef' },
        services: [{ name: 'api', path: 'services/api', type: 'api', dependsOn: ['billing'] }],
      },
      security: { secrets: { JWT_SECRET: 'changeme' }, flags: { debug: true } },
    });
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.check, f.severity, f.message])).toEqual([
      ['config', 'error', expect.stringMatching(/^services\[0\]\.dependsOn\[0\]: unknown service "billing"/)],
      [
        'security',
        'error',
        'secret-min-length: secrets.JWT_SECRET is 8 characters long; production requires at least 32',
      ],
      ['security', 'error', 'secret-placeholder: secrets.JWT_SECRET is a known placeholder or dummy value'],
      [
        'security',
        'warning',
        'debug-flag: flags.debug enables debug output in production, which can expose internals and data',
      ],
      [
        'credentials',
        'error',
        'target.apiToken: missing (set the environment variable named by account.apiTokenEnv)',
      ],
      ['migrations', 'error', '0001_users.sql: number 0001 is also used by 0001_again.sql'],
      ['migrations', 'warning', 'notes.txt: not a .sql file; wrangler ignores it'],
      ['bundle', 'error', 'wrangler deploy failed: Could not resolve "./missing"'],
    ]);
    expect(await readdir(dir, { recursive: true })).toEqual(before);
    expect(JSON.stringify(report)).not.toContain('changeme');
  });

  it('reads a relative configPath from the request cwd, not the process cwd', async () => {
    await writeFile(join(dir, 'migrations', 'notes.txt'), 'hi');
    const runner = new ScriptedRunner([bundle]);
    const report = await new DeploymentValidator({ runner }).validate({
      context,
      target,
      configPath: 'wrangler.json',
      cwd: dir,
    });
    expect(process.cwd()).not.toBe(dir);
    expect(report.findings.map((f) => [f.check, f.path])).toEqual([['migrations', join(dir, 'migrations')]]);
    expect(report.bundleBytes).toBe(1234);
    expect(runner.commands[0]).toMatchObject({ cwd: dir });
    expect(runner.commands[0]!.args).toContain('wrangler.json');
  });

  it('lets dry runs in one directory take turns (they share its .wrangler scratch folder)', async () => {
    let active = 0;
    let most = 0;
    const overlapping = async (command: { args: readonly string[]; cwd?: string }) => {
      active++;
      most = Math.max(most, active);
      await mkdir(join(command.cwd as string, '.wrangler', 'tmp'), { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 30));
      // Another dry run removing the scratch folder now would break this one.
      await readdir(join(command.cwd as string, '.wrangler', 'tmp'));
      active--;
      return bundle(command);
    };
    const validator = new DeploymentValidator({ runner: new ScriptedRunner([overlapping, overlapping]) });
    const request = { context, target, configPath: 'wrangler.json', cwd: dir };
    const reports = await Promise.all([validator.validate(request), validator.validate(request)]);
    expect(reports.map((r) => r.bundleBytes)).toEqual([1234, 1234]);
    expect(most).toBe(1);
    expect(await readdir(dir)).not.toContain('.wrangler');
  });

  it('names a missing cwd', async () => {
    await expect(
      new DeploymentValidator({ runner: new ScriptedRunner([]) }).validate({
        context,
        target,
        configPath: 'wrangler.json',
        cwd: '',
      }),
    ).rejects.toMatchObject({
      code: DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      message: expect.stringContaining('request.cwd'),
    });
  });

  it('reports a critical security finding without blocking outside production', async () => {
    const report = await new DeploymentValidator({ runner: new ScriptedRunner([]) }).validate({
      context: { ...context, environment: 'staging' },
      target,
      configPath: join(dir, 'wrangler.json'),
      cwd: dir,
      checkBundle: false,
      securityFindings: [
        {
          path: 'urls.API',
          severity: 'critical',
          rule: 'insecure-url',
          message: 'urls.API is not https',
          remediation: '',
        },
      ],
    });
    expect(report).toEqual({
      ok: true,
      findings: [
        {
          check: 'security',
          severity: 'warning',
          message: 'insecure-url: urls.API is not https',
          path: 'urls.API',
        },
      ],
    });
  });
});

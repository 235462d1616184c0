import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WranglerRunner } from '../runner/wrangler-runner.js';
import { DeploymentValidator } from './deployment-validator.js';

// The real wrangler bundles a real worker; no network is touched by a dry run.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-validate-real-'));
  await mkdir(join(dir, 'src'));
  await writeFile(
    join(dir, 'src', 'index.js'),
    "import { greet } from './greet.js';\nexport default { fetch: () => new Response(greet('clodo')) };\n",
  );
  await writeFile(join(dir, 'src', 'greet.js'), "export const greet = (name) => 'hello ' + name;\n");
  await writeFile(
    join(dir, 'src', 'broken.js'),
    "import { nope } from './missing.js';\nexport default { fetch: nope };\n",
  );
  const config = (main: string) => ({ name: 'api', main, compatibility_date: '2025-01-01' });
  await writeFile(join(dir, 'wrangler.json'), JSON.stringify(config('src/index.js')));
  await writeFile(join(dir, 'broken.json'), JSON.stringify(config('src/broken.js')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DeploymentValidator with the real wrangler', () => {
  const context = { deploymentId: 'run-1', service: 'api', environment: 'development' };
  // No credentials at all: the dry run still builds, and the missing credentials are a finding.
  const runner = () =>
    new WranglerRunner({
      target: { kind: 'local', apiBaseUrl: 'http://127.0.0.1:9/client/v4', accountId: '', apiToken: '' },
      homeDir: join(dir, '.clodo', 'wrangler'),
    });

  it('builds the bundle with --dry-run and reports its size; only credentials are missing', async () => {
    const before = await readdir(dir);
    const report = await new DeploymentValidator({ runner: runner() }).validate({
      context,
      target: { kind: 'local', apiBaseUrl: 'http://127.0.0.1:9/client/v4' },
      configPath: join(dir, 'wrangler.json'),
      cwd: dir,
    });
    expect(report.findings.map((f) => f.message)).toEqual([
      'target.accountId: expected 32 lowercase hex characters',
      'target.apiToken: missing (set the environment variable named by account.apiTokenEnv)',
    ]);
    expect(report.bundleBytes).toBeGreaterThan(50);
    expect(report.bundleBytes).toBeLessThan(5000);
    // Wrangler's isolated home appears; the project is otherwise untouched.
    expect((await readdir(dir)).filter((name) => !before.includes(name))).toEqual(['.clodo']);
  });

  it("reports a bundle that does not build with wrangler's message", async () => {
    const report = await new DeploymentValidator({ runner: runner() }).validate({
      context,
      target: {
        kind: 'local',
        apiBaseUrl: 'http://127.0.0.1:9/client/v4',
        accountId: '0123456789abcdef0123456789abcdef',
        apiToken: 'token',
      },
      configPath: join(dir, 'broken.json'),
      cwd: dir,
    });
    expect(report.ok).toBe(false);
    const bundle = report.findings.find((f) => f.check === 'bundle');
    expect(bundle?.message).toBe(
      'wrangler deploy failed: Build failed with 1 error: src/broken.js:1:21: ERROR: Could not resolve "./missing.js"',
    );
  });
});

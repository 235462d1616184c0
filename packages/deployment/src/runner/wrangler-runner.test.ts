import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REDACTED } from '@clodo/security';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { DeploymentTarget } from '../targets/target.js';
import { WRANGLER_NODE_FLAGS } from './wrangler-bin.js';
import { WranglerRunner, type WranglerRunnerOptions } from './wrangler-runner.js';

const fake = fileURLToPath(new URL('../__fixtures__/fake-wrangler.mjs', import.meta.url));
const TOKEN = 'tok_runner_test_0123456789abcdef';
const target: DeploymentTarget = {
  kind: 'local',
  apiBaseUrl: 'http://127.0.0.1:9/client/v4',
  accountId: '0123456789abcdef0123456789abcdef',
  apiToken: TOKEN,
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-runner-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runner(options: Partial<WranglerRunnerOptions> = {}) {
  return new WranglerRunner({ target, homeDir: join(dir, 'home'), binPath: fake, ...options });
}

async function failure(promise: Promise<unknown>): Promise<DeploymentError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeploymentError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('WranglerRunner', () => {
  it('passes an explicit environment: credentials, base URL, telemetry off, isolated home', async () => {
    const result = await runner().run({ args: ['env'], cwd: dir });
    const seen = JSON.parse(result.stdout.replace(REDACTED, 'redacted-token')) as {
      env: Record<string, string>;
    };
    expect(seen.env.CLOUDFLARE_ACCOUNT_ID).toBe(target.accountId);
    expect(seen.env.CLOUDFLARE_API_BASE_URL).toBe(target.apiBaseUrl);
    expect(seen.env.CLOUDFLARE_API_TOKEN).toBe('redacted-token');
    expect(seen.env.WRANGLER_SEND_METRICS).toBe('false');
    expect(seen.env.HOME).toBe(join(dir, 'home'));
    expect(seen.env.XDG_CONFIG_HOME).toBe(join(dir, 'home', 'config'));
    // Nothing leaks in from this process's environment.
    expect(
      Object.keys(seen.env).filter((key) => key in process.env && !['PATH', 'HOME', 'CI'].includes(key)),
    ).toEqual([]);
    expect(result.stdout).not.toContain(TOKEN);
  });

  it('starts wrangler with its Node flags, or the ones given', async () => {
    const flagsOf = async (options: Partial<WranglerRunnerOptions>) =>
      (JSON.parse((await runner(options).run({ args: ['env'], cwd: dir })).stdout) as { execArgv: string[] })
        .execArgv;
    expect(await flagsOf({})).toEqual([...WRANGLER_NODE_FLAGS]);
    expect(await flagsOf({ nodeFlags: ['--max-semi-space-size=16'] })).toEqual(['--max-semi-space-size=16']);
    expect(await flagsOf({ nodeFlags: [] })).toEqual([]);
  });

  it('refuses a node flag that is not an option', () => {
    for (const [nodeFlags, message] of [
      [['--no-warnings', 'evil.js'], 'nodeFlags[1]: expected a Node option such as --max-semi-space-size=16'],
      ['--no-warnings', 'nodeFlags: expected an array of Node options'],
    ] as const) {
      expect(() => runner({ nodeFlags: nodeFlags as unknown as string[] })).toThrow(message);
    }
  });

  it('returns the structured ND-JSON output and removes the output file', async () => {
    const result = await runner().run({ args: ['ok'], cwd: dir });
    expect(result.outputs).toHaveLength(1);
    expect(result.outputs[0]).toMatchObject({ type: 'deploy', version_id: 'v-1', worker_name: 'api' });
    expect(result.attempts).toBe(1);
    expect(result.stdout).toBe('Uploaded api\n');
  });

  it('feeds secrets on stdin and scrubs them from captured output', async () => {
    const secret = 'sk_live_very_secret_value_42';
    const result = await runner().run({
      args: ['echo-stdin'],
      cwd: dir,
      stdin: JSON.stringify({ API_KEY: secret }),
      sensitive: [secret],
    });
    expect(result.stdout).toContain('API_KEY');
    expect(result.stdout).toContain(REDACTED);
    expect(result.stdout).not.toContain(secret);
  });

  it('refuses a secret value in argv', async () => {
    const secret = 'sk_live_very_secret_value_42';
    const error = await failure(
      runner().run({ args: ['ok', `--var=KEY:${secret}`], cwd: dir, sensitive: [secret] }),
    );
    expect(error.code).toBe(DEPLOYMENT_ERRORS.INVALID_ARGUMENT);
    expect(error.message).toBe('command.args[1]: contains a secret value; secrets go on stdin only');
    expect(error.message).not.toContain(secret);
  });

  it("fails at once with wrangler's own message on a non-zero exit", async () => {
    const error = await failure(runner().run({ args: ['fail'], cwd: dir }));
    expect(error.code).toBe(DEPLOYMENT_ERRORS.WRANGLER_FAILED);
    expect(error.message).toBe(
      'wrangler fail failed: binding DB of type d1 must have a valid `id` specified',
    );
    expect(error.details).toMatchObject({ exitCode: 1, wranglerCode: 10021 });
  });

  it('falls back to the [ERROR] block of stderr when there is no structured output', async () => {
    const error = await failure(runner().run({ args: ['plain-error'], cwd: dir }));
    expect(error.code).toBe(DEPLOYMENT_ERRORS.WRANGLER_FAILED);
    expect(error.message).toBe('wrangler plain-error failed: Missing entry-point to Worker script more text');
  });

  it('adds the API notes under a generic headline and drops colour codes', async () => {
    const error = await failure(runner().run({ args: ['api-error'], cwd: dir }));
    expect(error.message).toBe(
      'wrangler api-error failed: A request to the Cloudflare API (/accounts/x/workers/scripts/api/secrets-bulk) failed. ' +
        'This Worker does not exist on your account. [code: 10007]',
    );
    expect(error.details.stderr).not.toMatch(/\u001b/);
  });

  it('retries a rate-limited run with backoff, then succeeds', async () => {
    const counter = join(dir, 'count');
    const waits: number[] = [];
    const result = await runner({
      retry: { baseDelayMs: 10, maxDelayMs: 100 },
      onRetry: (event) => waits.push(event.delayMs),
    }).run({ args: ['rate-then-ok', counter], cwd: dir });
    expect(result.attempts).toBe(2);
    expect(result.outputs[0]).toMatchObject({ version_id: 'v-2' });
    expect(await readFile(counter, 'utf8')).toBe('2');
    // retry_after_ms (50) wins over the smaller jittered exponential step.
    expect(waits).toEqual([50]);
  });

  it('gives up after the bounded number of rate-limited attempts', async () => {
    const error = await failure(
      runner({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }).run({
        args: ['always-rate-limited'],
        cwd: dir,
      }),
    );
    expect(error.code).toBe(DEPLOYMENT_ERRORS.WRANGLER_RATE_LIMITED);
    expect(error.details.attempts).toBe(2);
    expect(error.message).toContain('still rate limited after 2 attempts');
  });

  it('kills the whole process tree when a command hangs past its timeout', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const started = Date.now();
    const error = await failure(
      runner({ killGraceMs: 200 }).run({ args: ['hang', pidFile], cwd: dir, timeoutMs: 800 }),
    );
    expect(error.code).toBe(DEPLOYMENT_ERRORS.WRANGLER_TIMEOUT);
    expect(error.message).toBe('wrangler hang did not finish within 800 ms and was stopped');
    expect(Date.now() - started).toBeLessThan(5000);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(grandchild)).toBe(false);
  });

  it('runs the pinned wrangler itself', async () => {
    const result = await new WranglerRunner({ target, homeDir: join(dir, 'home') }).run({
      args: ['--version'],
      cwd: dir,
    });
    expect(result.stdout.trim()).toMatch(/4\.164\.0/);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../testing/memory-api.js';
import { ScriptedRunner } from '../testing/scripted-runner.js';
import { DeploymentAuditor } from '../audit/auditor.js';
import { MemoryAuditSink } from '../audit/memory-sink.js';
import type { Clock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { RetryingRunner } from '../runner/retry.js';
import { WranglerRunner } from '../runner/wrangler-runner.js';
import { WranglerDeployer } from './wrangler-deployer.js';

const context = { deploymentId: 'run-1', service: 'api', environment: 'staging' };
const request = { context, workerName: 'api-staging', configPath: '/p/wrangler.json', cwd: '/p' };
const clock: Clock = { now: () => Date.parse('2026-11-24T12:00:00Z'), sleep: async () => {} };
const redact = (value: unknown) => value;

function setup(runner: ConstructorParameters<typeof WranglerDeployer>[0]['runner']) {
  const api = new MemoryApi();
  const sink = new MemoryAuditSink();
  const auditor = new DeploymentAuditor({ sink, redact, clock });
  const deployer = new WranglerDeployer({ runner, api, auditor });
  return { api, sink, deployer };
}

const deployOutput = {
  type: 'deploy',
  version: 1,
  worker_name: 'api-staging',
  version_id: 'ver-2',
  targets: ['https://api-staging.acme.workers.dev'],
  bundle_size: { raw_bytes: 5120, gzip_bytes: 1400 },
};

describe('WranglerDeployer', () => {
  it('deploys and returns what wrangler and the API report, audited', async () => {
    let api!: MemoryApi;
    const runner = new ScriptedRunner([
      async () => {
        api.deploy('api-staging', 'ver-2', 'dep-cf-2');
        return { outputs: [deployOutput] };
      },
    ]);
    const ctx = setup(runner);
    api = ctx.api;
    api.deploy('api-staging', 'ver-1', 'dep-cf-1');
    const result = await ctx.deployer.deploy({ ...request, message: 'release 2' });
    expect(result).toEqual({
      workerName: 'api-staging',
      versionId: 'ver-2',
      deploymentId: 'dep-cf-2',
      url: 'https://api-staging.acme.workers.dev',
      targets: ['https://api-staging.acme.workers.dev'],
      bundleSize: { rawBytes: 5120, gzipBytes: 1400 },
      attempts: 1,
      durationMs: 1,
    });
    expect(runner.commands[0]!.args).toEqual([
      'deploy',
      '--config',
      '/p/wrangler.json',
      '--name',
      'api-staging',
      '--message',
      'release 2',
    ]);
    expect(
      ctx.sink.records.map(({ seq, step, outcome, details }) => ({ seq, step, outcome, details })),
    ).toEqual([
      { seq: 1, step: 'deploy', outcome: 'started', details: { worker: 'api-staging' } },
      {
        seq: 2,
        step: 'deploy',
        outcome: 'succeeded',
        details: {
          worker: 'api-staging',
          versionId: 'ver-2',
          cloudflareDeploymentId: 'dep-cf-2',
          url: 'https://api-staging.acme.workers.dev',
          bundleSize: { rawBytes: 5120, gzipBytes: 1400 },
          attempts: 1,
        },
      },
    ]);
  });

  it('fails with wrangler’s message on a non-zero exit and changes nothing', async () => {
    const failure = new DeploymentError(
      DEPLOYMENT_ERRORS.WRANGLER_FAILED,
      'wrangler deploy failed: Missing entry-point to Worker script',
      { exitCode: 1, stderr: 'x' },
    );
    const ctx = setup(new ScriptedRunner([failure]));
    await expect(ctx.deployer.deploy(request)).rejects.toBe(failure);
    expect(await ctx.api.listDeployments('api-staging')).toEqual([]);
    expect(ctx.sink.records.map((r) => [r.seq, r.outcome, r.details])).toEqual([
      [1, 'started', { worker: 'api-staging' }],
      [
        2,
        'failed',
        {
          worker: 'api-staging',
          error: {
            code: 'WRANGLER_FAILED',
            message: 'wrangler deploy failed: Missing entry-point to Worker script',
            exitCode: 1,
          },
        },
      ],
    ]);
  });

  it('retries a 429 then succeeds, reporting two attempts', async () => {
    let api!: MemoryApi;
    const waits: number[] = [];
    const scripted = new ScriptedRunner([
      new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_RATE_LIMITED,
        'wrangler deploy failed: 429 Too Many Requests',
        {
          wranglerCode: 971,
        },
      ),
      async () => {
        api.deploy('api-staging', 'ver-2', 'dep-cf-2');
        return { outputs: [deployOutput] };
      },
    ]);
    const runner = new RetryingRunner(scripted, {
      clock: { now: () => 0, sleep: async (ms) => void waits.push(ms) },
      random: () => 1,
      policy: { baseDelayMs: 1000 },
    });
    const ctx = setup(runner);
    api = ctx.api;
    const result = await ctx.deployer.deploy(request);
    expect(result.attempts).toBe(2);
    expect(result.deploymentId).toBe('dep-cf-2');
    expect(waits).toEqual([1000]);
    expect(scripted.commands).toHaveLength(2);
    expect(ctx.sink.records.map((r) => [r.outcome, r.details.attempts])).toEqual([
      ['started', undefined],
      ['succeeded', 2],
    ]);
  });

  it('refuses to guess when wrangler reports no version id', async () => {
    const ctx = setup(new ScriptedRunner([{ outputs: [{ type: 'deploy', version: 1 }] }]));
    await expect(ctx.deployer.deploy(request)).rejects.toMatchObject({
      code: 'WRANGLER_OUTPUT_MISSING',
      message: 'wrangler deploy of api-staging succeeded but reported no version id',
    });
  });

  it('names a bad request field', async () => {
    const ctx = setup(new ScriptedRunner([]));
    await expect(ctx.deployer.deploy({ ...request, workerName: '' })).rejects.toThrow(
      'request.workerName: expected a non-empty string',
    );
  });
});

describe('WranglerDeployer with a wrangler that hangs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clodo-deployer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops it at the timeout, records the failure and leaves no deployment', async () => {
    const runner = new WranglerRunner({
      target: {
        kind: 'local',
        apiBaseUrl: 'http://127.0.0.1:9/client/v4',
        accountId: '0123456789abcdef0123456789abcdef',
        apiToken: 'token-for-hang-test',
      },
      homeDir: join(dir, 'home'),
      binPath: fileURLToPath(new URL('../__fixtures__/fake-wrangler.mjs', import.meta.url)),
      extraEnv: { FAKE_WRANGLER_MODE: 'hang', FAKE_WRANGLER_ARG: join(dir, 'pid') },
      timeoutMs: 600,
      killGraceMs: 100,
    });
    const api = new MemoryApi();
    const auditor = DeploymentAuditor.forProject(dir, { redact, clock });
    const deployer = new WranglerDeployer({ runner, api, auditor });
    await expect(deployer.deploy({ ...request, cwd: dir })).rejects.toMatchObject({
      code: 'WRANGLER_TIMEOUT',
      message: 'wrangler deploy did not finish within 600 ms and was stopped',
    });
    expect(await api.listDeployments('api-staging')).toEqual([]);
    const lines = (await readFile(join(dir, '.clodo', 'audit', '2026-11-24.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(
      lines.map((l) => JSON.parse(l)).map((r) => [r.seq, r.step, r.outcome, r.details.error?.code]),
    ).toEqual([
      [1, 'deploy', 'started', undefined],
      [2, 'deploy', 'failed', 'WRANGLER_TIMEOUT'],
    ]);
    expect(lines.join('\n')).not.toContain('token-for-hang-test');
  });
});

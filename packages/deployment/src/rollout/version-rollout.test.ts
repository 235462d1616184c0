import { describe, expect, it } from 'vitest';
import { MemoryApi } from '../testing/memory-api.js';
import { ScriptedRunner } from '../testing/scripted-runner.js';
import { DeploymentAuditor } from '../audit/auditor.js';
import { MemoryAuditSink } from '../audit/memory-sink.js';
import type { Clock } from '../clock.js';
import { DEPLOYMENT_ERRORS } from '../errors.js';
import { VersionRollout } from './version-rollout.js';

const context = { deploymentId: 'run-1', service: 'api', environment: 'production' };
const clock: Clock = { now: () => Date.parse('2026-11-24T12:00:00Z'), sleep: async () => {} };
const OLD = '11111111-1111-4111-8111-111111111111';
const NEW = '22222222-2222-4222-8222-222222222222';

function setup(runner: ScriptedRunner) {
  const api = new MemoryApi();
  api.deploy('api-production', OLD, 'dep-1');
  const sink = new MemoryAuditSink();
  const auditor = new DeploymentAuditor({ sink, redact: (v) => v, clock });
  const target = { workerUrl: (name: string) => `http://127.0.0.1:9999/${name}` };
  return { api, sink, rollout: new VersionRollout({ runner, api, auditor, target }) };
}

describe('VersionRollout', () => {
  it('uploads a version with `wrangler versions upload` and confirms the API lists it', async () => {
    let api!: MemoryApi;
    const runner = new ScriptedRunner([
      async () => {
        api.versions.set('api-production', [
          { id: NEW, createdOn: 'now' },
          ...(api.versions.get('api-production') ?? []),
        ]);
        return { outputs: [{ type: 'version-upload', version_id: NEW }] };
      },
    ]);
    const ctx = setup(runner);
    api = ctx.api;
    const result = await ctx.rollout.upload({
      context,
      workerName: 'api-production',
      configPath: 'wrangler.json',
      cwd: '/svc',
      wranglerEnv: 'production',
      message: 'r2',
    });
    expect(result).toMatchObject({ versionId: NEW, url: 'http://127.0.0.1:9999/api-production' });
    expect(runner.commands[0]?.args).toEqual([
      'versions',
      'upload',
      '--config',
      'wrangler.json',
      '--name',
      'api-production',
      '--env',
      'production',
      '--message',
      'r2',
    ]);
    // Uploading sends no traffic: the old deployment is untouched.
    expect((await api.listDeployments('api-production'))[0]?.versions).toEqual([
      { versionId: OLD, percentage: 100 },
    ]);
    expect(ctx.sink.records.map((r) => `${r.step}:${r.outcome}`)).toEqual([
      'version.upload:started',
      'version.upload:succeeded',
    ]);
  });

  it('fails when wrangler reports no version id or the API does not know it', async () => {
    const ctx = setup(
      new ScriptedRunner([{ outputs: [] }, { outputs: [{ type: 'version-upload', version_id: NEW }] }]),
    );
    const request = { context, workerName: 'api-production', configPath: 'w.json', cwd: '/svc' };
    await expect(ctx.rollout.upload(request)).rejects.toMatchObject({
      code: DEPLOYMENT_ERRORS.WRANGLER_OUTPUT_MISSING,
      message: expect.stringContaining('reported no version id'),
    });
    await expect(ctx.rollout.upload(request)).rejects.toThrow(/does not list the uploaded version/);
  });

  it('splits traffic with `wrangler versions deploy <id>@<p>%` and reads the deployment back', async () => {
    let api!: MemoryApi;
    const runner = new ScriptedRunner([
      async () => {
        api.deployments.set('api-production', [
          {
            id: 'dep-2',
            createdOn: 'now',
            versions: [
              { versionId: NEW, percentage: 10 },
              { versionId: OLD, percentage: 90 },
            ],
          },
          ...(api.deployments.get('api-production') ?? []),
        ]);
        return {};
      },
      {},
    ]);
    const ctx = setup(runner);
    api = ctx.api;
    const split = [
      { versionId: NEW, percentage: 10 },
      { versionId: OLD, percentage: 90 },
    ];
    const result = await ctx.rollout.split({
      context,
      workerName: 'api-production',
      cwd: '/svc',
      configPath: 'wrangler.json',
      split,
      message: 'step 10',
    });
    expect(result).toMatchObject({ deploymentId: 'dep-2', split });
    expect(runner.commands[0]?.args).toEqual([
      'versions',
      'deploy',
      `${NEW}@10%`,
      `${OLD}@90%`,
      '--config',
      'wrangler.json',
      '--name',
      'api-production',
      '--yes',
      '--message',
      'step 10',
    ]);
    // wrangler exited 0 but the deployment did not change: not a success.
    await expect(
      ctx.rollout.split({
        context,
        workerName: 'api-production',
        cwd: '/svc',
        split: [{ versionId: OLD, percentage: 100 }],
      }),
    ).rejects.toThrow(/does not serve 1111.* at 100%/);
  });

  it('names the bad field of a split before running anything', async () => {
    const runner = new ScriptedRunner([]);
    const { rollout } = setup(runner);
    const base = { context, workerName: 'api-production', cwd: '/svc' };
    const cases: Array<[unknown, RegExp]> = [
      [[], /request\.split: expected one or two/],
      [[{ versionId: 'x', percentage: 100 }], /request\.split\[0\]\.versionId/],
      [[{ versionId: NEW, percentage: 120 }], /request\.split\[0\]\.percentage/],
      [
        [
          { versionId: NEW, percentage: 50 },
          { versionId: NEW, percentage: 50 },
        ],
        /appears twice/,
      ],
      [
        [
          { versionId: NEW, percentage: 10 },
          { versionId: OLD, percentage: 80 },
        ],
        /add up to 90, not 100/,
      ],
    ];
    for (const [split, message] of cases) {
      await expect(rollout.split({ ...base, split: split as never })).rejects.toThrow(message);
    }
    await expect(rollout.split({ ...base, workerName: '', split: [] })).rejects.toThrow(
      /request\.workerName/,
    );
    expect(runner.commands).toEqual([]);
  });
});

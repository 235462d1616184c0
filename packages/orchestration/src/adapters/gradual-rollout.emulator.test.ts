import type { ApiEndpoint } from '@clodo/testers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorProject, startEmulatorProject } from '../internal/testing/emulator-project.js';
import { EnterpriseOrchestrator } from '../orchestrators/enterprise.js';
import { SingleServiceOrchestrator } from '../orchestrators/single-service.js';
import { createDeploymentSteps } from './deployment-toolkit-steps.js';
import { createSmokeTests } from './smoke-tests.js';

// End to end: the verify phase with @clodo/testers smoke tests, and gradual rollout through real
// `wrangler versions upload` / `versions deploy` splits that the emulator routes by percentage.
let p: EmulatorProject;
const service = 'web';
const worker = 'web-e2e';

const smokeTests = createSmokeTests({
  endpoints: (unit): ApiEndpoint[] => [
    { path: '/health', expectFields: { status: 'ok' } },
    {
      path: '/',
      expectShape: { service: 'string', release: 'string' },
      expectFields: { service: unit.service },
    },
  ],
});
const steps = () =>
  createDeploymentSteps({
    toolkit: p.kit,
    resolve: p.resolve,
    tests: smokeTests,
    rollout: { minRequests: 15, maxProbes: 300 },
  });
const single = () =>
  new SingleServiceOrchestrator({
    steps: steps(),
    unit: { service, environment: 'production' },
    capabilities: ['rollback', 'tests'],
  });
const enterprise = () =>
  new EnterpriseOrchestrator({
    steps: steps(),
    services: [{ service }],
    environments: ['production'],
    approval: true,
    capabilities: ['rollback', 'gradual-rollout'],
    rollout: { percentages: [10, 50, 100], observeMs: 0, maxErrorRate: 0.05 },
  });

beforeAll(async () => {
  p = await startEmulatorProject('rollout');
}, 60_000);

afterAll(async () => {
  await p?.close();
});

describe('smoke tests from @clodo/testers in the verify phase', () => {
  it('deploys a release whose smoke tests pass', async () => {
    await p.writeService(service, { release: 'g1' });
    const result = await single().execute();
    expect(result.status).toBe('succeeded');
    expect(result.phases.verify.state).toBe('succeeded');
    expect(await p.get(service)).toMatchObject({ status: 200, body: { release: 'g1' } });
  }, 120_000);

  it('rolls back a release whose /health passes but whose API fails the smoke tests', async () => {
    const before = await p.liveVersion(service);
    await p.writeService(service, { release: 'g2', errors: true });
    const result = await single().execute();
    expect(result.status).toBe('rolled-back');
    expect(result.errors.map((e) => e.code)).toContain('TESTS_FAILED');
    expect(result.errors.find((e) => e.code === 'TESTS_FAILED')?.message).toMatch(/GET \/: .*500/);
    const [latest, broken] = await p.kit.api.listDeployments(worker);
    expect(latest?.versions).toEqual([{ versionId: before, percentage: 100 }]);
    expect(broken?.versions).toEqual([{ versionId: result.units[0]?.versionId, percentage: 100 }]);
    expect(await p.get(service)).toMatchObject({ status: 200, body: { release: 'g1' } });
  }, 120_000);
});

describe('gradual rollout through real version splits', () => {
  it('a dry run plans the upload, each split and each observation, and calls nothing', async () => {
    const before = p.emulator.requestLog().length;
    const result = await enterprise().execute({ dryRun: true });
    expect(result.plan.filter((c) => c.mutating).map((c) => c.description)).toEqual([
      'wrangler versions upload --config wrangler.json --name web-e2e --message <run>',
      ...Array(3).fill(
        'wrangler versions deploy <new>@<p>% <previous>@<100-p>% --config wrangler.json --name web-e2e --yes --message <step>',
      ),
    ]);
    expect(result.plan.filter((c) => c.step === 'observe')).toHaveLength(6);
    expect(p.emulator.requestLog().length).toBe(before);
  });

  it('rolls back to 100 % of the old version when the new one answers 500s at 10 %', async () => {
    const old = await p.liveVersion(service);
    await p.writeService(service, { release: 'g3', errors: true });
    const result = await enterprise().execute();
    // The unit failed its rollout (status failed: nothing succeeded) and its own change was undone.
    expect(result.status).toBe('failed');
    expect(result.errors.map((e) => e.code)).toEqual(['ROLLOUT_THRESHOLD_EXCEEDED']);
    expect(result.compensations).toEqual([
      { description: `roll back web:production to ${old}`, unit: 'web:production', state: 'succeeded' },
    ]);
    expect(result.units[0]?.steps).toEqual(['read-version', 'upload-version', 'set-traffic', 'observe']);
    const fresh = result.units[0]?.versionId;
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(old);
    // Stopped at the first step: judged on traffic the 10 % split really sent it, all of it failing.
    expect(result.report.rollout).toHaveLength(1);
    expect(result.report.rollout[0]).toMatchObject({ percentage: 10, errorRate: 1 });
    expect(result.report.rollout[0]!.requests).toBeGreaterThanOrEqual(15);
    const [restored, split] = await p.kit.api.listDeployments(worker);
    expect(restored?.versions).toEqual([{ versionId: old, percentage: 100 }]);
    expect(split?.versions).toEqual(
      expect.arrayContaining([
        { versionId: fresh, percentage: 10 },
        { versionId: old, percentage: 90 },
      ]),
    );
    const counts = p.emulator.traffic(worker);
    const freshCount = counts.find((c) => c.versionId === fresh);
    // Every probe the new version served failed. The health check after the observation goes through the
    // same 10 % split and may land on it too, where /health answers 200: at most that one request did not fail.
    expect(freshCount!.errors).toBeGreaterThanOrEqual(result.report.rollout[0]!.requests);
    expect(freshCount!.requests - freshCount!.errors).toBeLessThanOrEqual(1);
    // Roughly a tenth of the probes reached the new version; the rest went to the old one.
    const oldCount = counts.find((c) => c.versionId === old);
    expect(freshCount!.requests / (freshCount!.requests + oldCount!.requests)).toBeLessThan(0.3);
    for (let i = 0; i < 20; i++) expect(await p.get(service)).toMatchObject({ body: { release: 'g1' } });
  }, 180_000);

  it('moves a healthy release 10 → 50 → 100 with a check between steps', async () => {
    const old = await p.liveVersion(service);
    await p.writeService(service, { release: 'g4' });
    const result = await enterprise().execute();
    expect(result.status).toBe('succeeded');
    const fresh = result.units[0]?.versionId;
    expect(result.report.rollout.map((s) => [s.percentage, s.errorRate])).toEqual([
      [10, 0],
      [50, 0],
      [100, 0],
    ]);
    const [full, half, tenth] = await p.kit.api.listDeployments(worker);
    expect(full?.versions).toEqual([{ versionId: fresh, percentage: 100 }]);
    expect(half?.versions).toEqual(
      expect.arrayContaining([
        { versionId: fresh, percentage: 50 },
        { versionId: old, percentage: 50 },
      ]),
    );
    expect(tenth?.versions).toEqual(
      expect.arrayContaining([
        { versionId: fresh, percentage: 10 },
        { versionId: old, percentage: 90 },
      ]),
    );
    expect(await p.get(service)).toMatchObject({ status: 200, body: { release: 'g4' } });
  }, 180_000);
});

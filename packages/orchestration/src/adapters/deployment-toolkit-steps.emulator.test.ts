import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorProject, startEmulatorProject } from '../internal/testing/emulator-project.js';
import { PortfolioOrchestrator } from '../orchestrators/portfolio.js';
import { SingleServiceOrchestrator } from '../orchestrators/single-service.js';
import type { FailurePolicy } from '../portfolio/run-units.js';
import { createDeploymentSteps } from './deployment-toolkit-steps.js';

// End to end: real wrangler 4.164.0 against @clodo/emulator on loopback, through the adapter. A
// 3-service portfolio whose second service fails to deploy, under each failure policy; what
// happened is read from the emulator (deployments API, request log, the workers' own answers).
let p: EmulatorProject;
const services = [{ service: 'one' }, { service: 'two' }, { service: 'three' }];

beforeAll(async () => {
  p = await startEmulatorProject('policies');
  for (const { service } of services) await p.writeService(service, { release: 'r0' });
  const first = await new PortfolioOrchestrator({
    steps: createDeploymentSteps({ toolkit: p.kit, resolve: p.resolve }),
    environment: 'staging',
    services,
    capabilities: ['rollback'],
    concurrency: 3,
  }).execute();
  if (first.status !== 'succeeded') throw new Error(`first deploy: ${JSON.stringify(first.errors)}`);
}, 180_000);

afterAll(async () => {
  await p?.close();
});

/**
 * Writes `release` for every service (two broken) and runs the portfolio two units at a time: one
 * and two start together, three waits for a free slot, which two's failure opens.
 */
async function failingRelease(release: string, failurePolicy: FailurePolicy) {
  for (const { service } of services) await p.writeService(service, { release, broken: service === 'two' });
  const before = {
    one: await p.liveVersion('one'),
    two: await p.liveVersion('two'),
    three: await p.liveVersion('three'),
  };
  const startedAt = performance.timeOrigin + performance.now();
  const result = await new PortfolioOrchestrator({
    steps: createDeploymentSteps({ toolkit: p.kit, resolve: p.resolve }),
    environment: 'staging',
    services,
    capabilities: ['rollback'],
    concurrency: 2,
    failurePolicy,
  }).execute();
  return { result, before, startedAt };
}

/** Version uploads the emulator received for a worker (first deploy PUT, or a version upload). */
const uploads = (service: string, since: number) =>
  p
    .requestsFor(service, since)
    .filter(
      (e) =>
        (e.method === 'PUT' && /\/scripts\/[^/]+$/.test(e.path)) ||
        (e.method === 'POST' && e.path.endsWith('/versions')),
    );

describe('a 3-service portfolio whose second deploy fails, real wrangler against the emulator', () => {
  it('a dry run plans the real commands and changes nothing', async () => {
    const steps = createDeploymentSteps({ toolkit: p.kit, resolve: p.resolve });
    const before = p.emulator.requestLog().length;
    const result = await new SingleServiceOrchestrator({
      steps,
      unit: { service: 'one', environment: 'staging' },
      capabilities: ['rollback'],
    }).execute({ dryRun: true });
    expect(result.plan.map((c) => c.description)).toEqual([
      'GET /accounts/:account/workers/scripts/one-e2e/deployments',
      'wrangler deploy --config wrangler.json --name one-e2e --message <run>',
      'GET /accounts/:account/workers/scripts/one-e2e/deployments',
      'GET <url of one-e2e>/health',
    ]);
    expect(p.emulator.requestLog().length).toBe(before);
  });

  it('rollback-all: the first service is rolled back to the version it served before', async () => {
    const { result, before, startedAt } = await failingRelease('r1', 'rollback-all');
    expect(result.status).toBe('rolled-back');
    expect(result.units.map((u) => u.state)).toEqual(['rolled-back', 'failed', 'skipped']);
    const deployedOne = result.units[0]?.versionId;
    expect(deployedOne).toBeDefined();
    expect(deployedOne).not.toBe(before.one);
    // The emulator's view: r1 of one was uploaded and served, then the previous version came back.
    const history = await p.kit.api.listDeployments('one-e2e');
    expect(history[0]?.versions).toEqual([{ versionId: before.one, percentage: 100 }]);
    expect(history[1]?.versions).toEqual([{ versionId: deployedOne, percentage: 100 }]);
    expect(await p.get('one')).toMatchObject({ status: 200, body: { release: 'r0' } });
    expect(await p.liveVersion('two')).toBe(before.two);
    expect(uploads('two', startedAt)).toEqual([]);
    expect(p.requestsFor('three', startedAt)).toEqual([]);
    expect(await p.liveVersion('three')).toBe(before.three);
  }, 180_000);

  it('continue: the first stays live and serving, the third is deployed', async () => {
    const { result, before, startedAt } = await failingRelease('r2', 'continue');
    expect(result.status).toBe('partial');
    expect(result.units.map((u) => u.state)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(result.summary).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect(await p.liveVersion('one')).toBe(result.units[0]?.versionId);
    expect(await p.liveVersion('one')).not.toBe(before.one);
    expect(await p.get('one')).toMatchObject({ status: 200, body: { service: 'one', release: 'r2' } });
    expect(await p.liveVersion('two')).toBe(before.two);
    expect(await p.get('two')).toMatchObject({ status: 200, body: { release: 'r0' } });
    expect(uploads('three', startedAt)).toHaveLength(1);
    expect(await p.liveVersion('three')).toBe(result.units[2]?.versionId);
    expect(await p.get('three')).toMatchObject({ status: 200, body: { service: 'three', release: 'r2' } });
  }, 180_000);

  it('stop: the third never starts, so it is never uploaded', async () => {
    const { result, before, startedAt } = await failingRelease('r3', 'stop');
    expect(result.status).toBe('partial');
    expect(result.units.map((u) => u.state)).toEqual(['succeeded', 'failed', 'skipped']);
    expect(await p.get('one')).toMatchObject({ status: 200, body: { release: 'r3' } });
    expect(await p.liveVersion('two')).toBe(before.two);
    // Not one API request named the third worker during the run: no read, no upload.
    expect(p.requestsFor('three', startedAt)).toEqual([]);
    expect(await p.liveVersion('three')).toBe(before.three);
    expect(await p.get('three')).toMatchObject({ body: { release: 'r2' } });
  }, 180_000);
});

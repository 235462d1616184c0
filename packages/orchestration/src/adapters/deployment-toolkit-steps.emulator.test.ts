import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDeploymentToolkit,
  type DeploymentToolkit,
  type LocalTarget,
  startLocalTarget,
} from '@clodo/deployment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortfolioOrchestrator } from '../orchestrators/portfolio.js';
import { SingleServiceOrchestrator } from '../orchestrators/single-service.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { createDeploymentSteps } from './deployment-toolkit-steps.js';

// End to end: real wrangler 4.164.0 against @clodo/emulator on loopback, through the adapter.
const fixtures = fileURLToPath(new URL('./__fixtures__', import.meta.url));
let root: string;
let target: LocalTarget;
let kit: DeploymentToolkit;
const broken = new Set<string>();

async function writeService(service: string, release: string) {
  const dir = join(root, 'services', service);
  await mkdir(dir, { recursive: true });
  await cp(join(fixtures, 'worker.js'), join(dir, 'worker.js'));
  await cp(join(fixtures, 'broken.js'), join(dir, 'broken.js'));
  await writeFile(
    join(dir, 'wrangler.json'),
    JSON.stringify({
      name: `${service}-e2e`,
      main: broken.has(service) ? 'broken.js' : 'worker.js',
      compatibility_date: '2025-01-01',
      workers_dev: true,
      vars: { RELEASE: release, SERVICE: service },
    }),
  );
}

const resolve = (unit: DeploymentUnit) => ({
  workerName: `${unit.service}-e2e`,
  configPath: 'wrangler.json',
  cwd: join(root, 'services', unit.service),
});

async function liveVersion(service: string): Promise<string | undefined> {
  const [latest] = await kit.api.listDeployments(`${service}-e2e`);
  return latest?.versions.find((v) => v.percentage === 100)?.versionId;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'clodo-orch-e2e-'));
  target = await startLocalTarget({ stateDir: join(root, '.clodo', 'emulator') });
  kit = createDeploymentToolkit({ target, projectRoot: root, timeoutMs: 90_000, health: { attempts: 3 } });
  for (const service of ['one', 'two', 'three']) await writeService(service, 'r0');
}, 120_000);

afterAll(async () => {
  await target?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('orchestrators over @clodo/deployment, real wrangler, local emulator', () => {
  it('a dry run plans the real commands and changes nothing', async () => {
    const steps = createDeploymentSteps({ toolkit: kit, resolve });
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
    expect(await kit.api.listDeployments('one-e2e')).toEqual([]);
  });

  it('deploys a portfolio, then rolls back the first service when the second fails (rollback-all)', async () => {
    const steps = createDeploymentSteps({ toolkit: kit, resolve });
    const services = [{ service: 'one' }, { service: 'two' }, { service: 'three' }];
    const first = await new PortfolioOrchestrator({
      steps,
      environment: 'staging',
      services,
      capabilities: ['rollback'],
      concurrency: 2,
    }).execute();
    expect(first.status).toBe('succeeded');
    const v0 = { one: await liveVersion('one'), three: await liveVersion('three') };
    expect(v0.one).toBe(first.units[0]?.versionId);

    for (const service of ['one', 'two', 'three']) await writeService(service, 'r1');
    broken.add('two');
    await writeService('two', 'r1');
    const second = await new PortfolioOrchestrator({
      steps,
      environment: 'staging',
      services,
      capabilities: ['rollback'],
      concurrency: 1,
      failurePolicy: 'rollback-all',
    }).execute();
    broken.delete('two');
    expect(second.status).toBe('rolled-back');
    expect(second.units.map((u) => u.state)).toEqual(['rolled-back', 'failed', 'skipped']);
    expect(second.units[0]?.versionId).not.toBe(v0.one);
    expect(await liveVersion('one')).toBe(v0.one);
    expect(await liveVersion('three')).toBe(v0.three);
    const health = await fetch(`${target.workerUrl('one-e2e')}/health`);
    expect(await health.json()).toMatchObject({ release: 'r0' });
  }, 180_000);
});

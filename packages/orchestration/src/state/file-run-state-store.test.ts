import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PortfolioOrchestrator } from '../orchestrators/portfolio.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { FakeDeploymentSteps } from '../testing/fake-steps.js';
import { FileRunStateStore } from './file-run-state-store.js';

// Generous: the suite shares two cores with real wrangler runs.
const WAIT = { timeout: 20_000, interval: 20 };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-orch-state-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('FileRunStateStore', () => {
  it('writes one JSON file per run atomically and reads it back', async () => {
    const store = new FileRunStateStore(join(dir, 'runs'));
    const steps = new FakeDeploymentSteps();
    const result = await new PortfolioOrchestrator({
      steps,
      stateStore: store,
      environment: 'dev',
      services: [{ service: 'a' }, { service: 'b' }],
    }).execute({ deploymentId: 'run-1' });
    expect(await readdir(join(dir, 'runs'))).toEqual(['run-1.json']);
    const state = await store.load('run-1');
    expect(state).toMatchObject({
      version: 1,
      deploymentId: 'run-1',
      orchestrator: 'portfolio',
      status: 'succeeded',
    });
    expect(state?.units.map((u) => u.state)).toEqual(result.units.map((u) => u.state));
    expect(await store.load('run-2')).toBeUndefined();
  });

  it('names a corrupt or foreign file and a bad id', async () => {
    const store = new FileRunStateStore(dir);
    await writeFile(join(dir, 'bad.json'), '{ not json');
    await expect(store.load('bad')).rejects.toThrow(`${join(dir, 'bad.json')}: not valid JSON`);
    await writeFile(join(dir, 'other.json'), '{"hello": 1}');
    await expect(store.load('other')).rejects.toThrow('not a Clodo run state');
    await expect(store.load('../x')).rejects.toThrow('deploymentId: "../x" may only contain');
    expect(() => new FileRunStateStore('')).toThrow('dir: expected a non-empty path');
  });

  it('lets a new orchestrator roll back a portfolio run whose process died, from the file alone', async () => {
    const store = new FileRunStateStore(dir);
    const live = { 'a:production': 'a0', 'b:production': 'b0', 'c:production': 'c0' };
    class DiesDeployingC extends FakeDeploymentSteps {
      override async deploy(unit: DeploymentUnit) {
        const outcome = await super.deploy(unit);
        return unit.service === 'c' ? new Promise<never>(() => {}) : outcome;
      }
    }
    const cloud = new DiesDeployingC({ live });
    const services = [{ service: 'a' }, { service: 'b' }, { service: 'c' }];
    void new PortfolioOrchestrator({
      steps: cloud,
      stateStore: store,
      environment: 'production',
      services,
      concurrency: 1,
    }).execute({
      deploymentId: 'run-killed',
    });
    await vi.waitFor(async () => {
      const text = await readFile(join(dir, 'run-killed.json'), 'utf8');
      expect(JSON.parse(text).units[2]).toMatchObject({ inFlight: 'deploy' });
    }, WAIT);
    const saved = JSON.parse(await readFile(join(dir, 'run-killed.json'), 'utf8'));
    expect(saved.status).toBe('running');
    expect(saved.units.map((u: { state: string }) => u.state)).toEqual(['succeeded', 'succeeded', 'running']);

    // A new process: same request, same "Cloudflare", fresh steps object.
    const after = new FakeDeploymentSteps({ live: Object.fromEntries(cloud.live) });
    const result = await new PortfolioOrchestrator({
      steps: after,
      stateStore: new FileRunStateStore(dir),
      environment: 'production',
      services,
    }).resume('run-killed', { action: 'rollback' });
    expect(result.status).toBe('rolled-back');
    expect(after.mutatingCalls.map((c) => [c.unit, c.args])).toEqual([
      ['c:production', 'c0'],
      ['b:production', 'b0'],
      ['a:production', 'a0'],
    ]);
    expect(Object.fromEntries(after.live)).toEqual(live);
    expect(result.summary).toEqual({ total: 3, succeeded: 0, failed: 0, rolledBack: 3, skipped: 0 });
  });

  it('lets a new orchestrator continue a portfolio run, deploying only what was left', async () => {
    const store = new FileRunStateStore(dir);
    class DiesDeployingB extends FakeDeploymentSteps {
      override async deploy(unit: DeploymentUnit) {
        return unit.service === 'b' ? new Promise<never>(() => {}) : super.deploy(unit);
      }
    }
    const services = [{ service: 'a' }, { service: 'b' }, { service: 'c' }];
    void new PortfolioOrchestrator({
      steps: new DiesDeployingB(),
      stateStore: store,
      environment: 'dev',
      services,
      concurrency: 1,
    }).execute({
      deploymentId: 'run-cont',
    });
    await vi.waitFor(
      async () => expect((await store.load('run-cont'))?.units[1]?.inFlight).toBe('deploy'),
      WAIT,
    );
    const steps = new FakeDeploymentSteps();
    const result = await new PortfolioOrchestrator({
      steps,
      stateStore: store,
      environment: 'dev',
      services,
      concurrency: 1,
    }).resume('run-cont', {
      action: 'continue',
    });
    expect(result.status).toBe('succeeded');
    expect(steps.deployedOrder()).toEqual(['b:dev', 'c:dev']);
    expect((await store.load('run-cont'))?.status).toBe('succeeded');
  });
});

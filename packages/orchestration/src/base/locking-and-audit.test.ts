import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeploymentAuditor, DeploymentLock, MemoryAuditSink } from '@clodo/deployment';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortfolioOrchestrator } from '../orchestrators/portfolio.js';
import { FakeDeploymentSteps } from '../testing/fake-steps.js';

// The real lock and auditor from @clodo/deployment plugged into the orchestrator's ports.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-orch-lock-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const services = [{ service: 'api', customers: ['acme', 'globex'] }, { service: 'web' }];

describe('deployment lock', () => {
  it('refuses to start while another run holds a service × environment, changing nothing', async () => {
    const lock = new DeploymentLock({ dir });
    const other = await lock.acquire({
      service: 'web',
      environment: 'dev',
      owner: 'alice',
      deploymentId: 'run-0',
    });
    const steps = new FakeDeploymentSteps();
    const result = await new PortfolioOrchestrator({ steps, lock, environment: 'dev', services }).execute();
    expect(result.status).toBe('failed');
    expect(steps.calls).toEqual([]);
    expect(result.errors[0]).toMatchObject({ code: 'LOCK_HELD', phase: 'initialize' });
    expect(result.errors[0]?.message).toContain('alice');
    // The lock it did take (api) was released: a run succeeds once web is free.
    await other.release();
    const next = await new PortfolioOrchestrator({ steps, lock, environment: 'dev', services }).execute();
    expect(next.status).toBe('succeeded');
    expect(await lock.holder('api', 'dev')).toBeUndefined();
    expect(await lock.holder('web', 'dev')).toBeUndefined();
  });

  it('holds the locks while the run is in progress and releases them after a failure', async () => {
    const lock = new DeploymentLock({ dir });
    const seen: Array<string | undefined> = [];
    class Peeking extends FakeDeploymentSteps {
      override async deploy(unit: Parameters<FakeDeploymentSteps['deploy']>[0]) {
        seen.push((await lock.holder(unit.service, 'dev'))?.deploymentId);
        return super.deploy(unit);
      }
    }
    const steps = new Peeking({
      fail: (step, unit) => (step === 'health' && unit.service === 'web' ? 'down' : undefined),
    });
    const result = await new PortfolioOrchestrator({ steps, lock, environment: 'dev', services }).execute({
      deploymentId: 'run-9',
    });
    expect(result.status).toBe('partial');
    expect(seen).toEqual(['run-9', 'run-9', 'run-9']);
    expect(await lock.holder('web', 'dev')).toBeUndefined();
  });
});

describe('audit through DeploymentAuditor', () => {
  it('records every phase and step with strictly increasing sequence numbers', async () => {
    const sink = new MemoryAuditSink();
    const audit = new DeploymentAuditor({ sink });
    const steps = new FakeDeploymentSteps({ secrets: ['API_KEY'] });
    const result = await new PortfolioOrchestrator({ steps, audit, environment: 'dev', services }).execute();
    const records = await sink.readAll();
    expect(records.length).toBeGreaterThan(40);
    records.forEach((r, i) => {
      if (i > 0) expect(r.seq).toBeGreaterThan(records[i - 1]!.seq);
      expect(r.deploymentId).toBe(result.deploymentId);
    });
    const deploys = records.filter((r) => r.step === 'deploy' && r.outcome === 'succeeded');
    expect(deploys.map((r) => `${r.service}/${r.details.customer ?? '-'}`).sort()).toEqual([
      'api/acme',
      'api/globex',
      'web/-',
    ]);
    expect(records.at(-1)).toMatchObject({ step: 'run', outcome: 'succeeded' });
  });
});

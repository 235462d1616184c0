import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../base/events.js';
import { isOrchestrationError } from '../errors.js';
import { MemoryAuditTrail } from '../ports/audit-sink.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { FakeDeploymentSteps } from '../testing/fake-steps.js';
import { PortfolioOrchestrator, type PortfolioService } from './portfolio.js';

const three: PortfolioService[] = [{ service: 'one' }, { service: 'two' }, { service: 'three' }];
const live = { 'one:production': 'one-v0', 'two:production': 'two-v0', 'three:production': 'three-v0' };
const secondDeployFails = (step: string, unit: { service: string }) =>
  step === 'deploy' && unit.service === 'two' ? 'wrangler deploy failed: script too large' : undefined;

function portfolio(steps: FakeDeploymentSteps, failurePolicy: 'stop' | 'continue' | 'rollback-all') {
  return new PortfolioOrchestrator({
    steps,
    environment: 'production',
    services: three,
    concurrency: 1,
    failurePolicy,
  });
}

function expectCountsAddUp(summary: {
  total: number;
  succeeded: number;
  failed: number;
  rolledBack: number;
  skipped: number;
}) {
  expect(summary.succeeded + summary.failed + summary.rolledBack + summary.skipped).toBe(summary.total);
}

describe('PortfolioOrchestrator: the second of three services fails to deploy', () => {
  it('stop: the first stays live, the third never starts', async () => {
    const steps = new FakeDeploymentSteps({ live, fail: secondDeployFails });
    const result = await portfolio(steps, 'stop').execute();
    expect(result.status).toBe('partial');
    expect(result.units.map((u) => [u.service, u.state])).toEqual([
      ['one', 'succeeded'],
      ['two', 'failed'],
      ['three', 'skipped'],
    ]);
    expect(steps.calls.some((c) => c.unit === 'three:production' && c.step !== 'validate')).toBe(false);
    expect(steps.live.get('one:production')).toBe('v1');
    expect(steps.live.get('two:production')).toBe('two-v0');
    expect(result.summary).toEqual({ total: 3, succeeded: 1, failed: 1, rolledBack: 0, skipped: 1 });
    expect(result.errors[0]).toMatchObject({
      unit: 'two:production',
      message: 'wrangler deploy failed: script too large',
    });
  });

  it('continue: the first and third are live, the second failed', async () => {
    const steps = new FakeDeploymentSteps({ live, fail: secondDeployFails });
    const result = await portfolio(steps, 'continue').execute();
    expect(result.status).toBe('partial');
    expect(result.units.map((u) => u.state)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(steps.live.get('one:production')).toBe('v1');
    expect(steps.live.get('three:production')).toBe('v2');
    expect(steps.mutatingCalls.filter((c) => c.step === 'rollback')).toEqual([]);
    expectCountsAddUp(result.summary);
    expect(result.summary).toMatchObject({ succeeded: 2, failed: 1 });
  });

  it('rollback-all: the first is rolled back to its previous version, the third never starts', async () => {
    const steps = new FakeDeploymentSteps({ live, fail: secondDeployFails });
    const result = await portfolio(steps, 'rollback-all').execute();
    expect(result.status).toBe('rolled-back');
    expect(result.units.map((u) => u.state)).toEqual(['rolled-back', 'failed', 'skipped']);
    expect(steps.live.get('one:production')).toBe('one-v0');
    expect(steps.mutatingCalls.filter((c) => c.step === 'rollback')).toEqual([
      { step: 'rollback', unit: 'one:production', mutating: true, args: 'one-v0' },
    ]);
    expect(result.summary).toEqual({ total: 3, succeeded: 0, failed: 1, rolledBack: 1, skipped: 1 });
    expect(result.errors[0]).toMatchObject({ code: 'UNIT_FAILED', phase: 'deploy' });
  });
});

describe('PortfolioOrchestrator', () => {
  it('rolls back every changed unit in reverse completion order under rollback-all', async () => {
    const services = [{ service: 'a' }, { service: 'b' }, { service: 'c' }, { service: 'd' }];
    const steps = new FakeDeploymentSteps({
      fail: (step, unit) => (step === 'health' && unit.service === 'd' ? 'HTTP 500' : undefined),
    });
    const result = await new PortfolioOrchestrator({
      steps,
      environment: 'staging',
      services,
      concurrency: 1,
      failurePolicy: 'rollback-all',
    }).execute();
    expect(result.status).toBe('rolled-back');
    expect(steps.mutatingCalls.filter((c) => c.step === 'rollback').map((c) => c.unit)).toEqual([
      'd:staging',
      'c:staging',
      'b:staging',
      'a:staging',
    ]);
    // Never deployed before this run: nothing to restore, so the workers are removed.
    expect(steps.live.size).toBe(0);
  });

  it('deploys a dependsOn chain in order even with room to run everything at once', async () => {
    const steps = new FakeDeploymentSteps({ delayMs: 5 });
    const services = [
      { service: 'web', dependsOn: ['api'] },
      { service: 'api', dependsOn: ['auth'] },
      { service: 'auth', dependsOn: ['db'] },
      { service: 'db' },
    ];
    const orchestrator = new PortfolioOrchestrator({ steps, environment: 'dev', services, concurrency: 4 });
    expect(orchestrator.units.map((u) => u.service)).toEqual(['db', 'auth', 'api', 'web']);
    const result = await orchestrator.execute();
    expect(result.status).toBe('succeeded');
    expect(steps.deployedOrder()).toEqual(['db:dev', 'auth:dev', 'api:dev', 'web:dev']);
    // Each starts only after the one it depends on passed its tests.
    const order = steps.calls.map((c) => `${c.unit}/${c.step}`);
    expect(order.indexOf('db:dev/tests')).toBeLessThan(order.indexOf('auth:dev/read-version'));
    expect(order.indexOf('api:dev/tests')).toBeLessThan(order.indexOf('web:dev/read-version'));
  });

  it('never has more than 2 units in flight across 5 services with a limit of 2', async () => {
    const steps = new FakeDeploymentSteps({ delayMs: 3 });
    let inFlight = 0;
    let most = 0;
    const onEvent = (event: ProgressEvent) => {
      if (event.type !== 'unit:state') return;
      if (event.state === 'running') most = Math.max(most, ++inFlight);
      else if (event.state !== 'pending') inFlight--;
    };
    const services = ['a', 'b', 'c', 'd', 'e'].map((service) => ({ service }));
    const result = await new PortfolioOrchestrator({
      steps,
      environment: 'dev',
      services,
      concurrency: 2,
      onEvent,
    }).execute();
    expect(result.status).toBe('succeeded');
    expect(most).toBe(2);
    expect(steps.maxInFlight).toBe(2);
    expect(result.summary).toEqual({ total: 5, succeeded: 5, failed: 0, rolledBack: 0, skipped: 0 });
  });

  it('rejects a dependency cycle before any call, naming the cycle', () => {
    const steps = new FakeDeploymentSteps();
    let error: unknown;
    try {
      new PortfolioOrchestrator({
        steps,
        environment: 'dev',
        services: [
          { service: 'a', dependsOn: ['b'] },
          { service: 'b', dependsOn: ['c'] },
          { service: 'c', dependsOn: ['a'] },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(isOrchestrationError(error, 'DEPENDENCY_CYCLE')).toBe(true);
    expect((error as Error).message).toBe('dependsOn has a cycle: a -> b -> c -> a');
    expect(steps.calls).toEqual([]);
  });

  it('rejects an unknown dependency and bad options by name', () => {
    const steps = new FakeDeploymentSteps();
    const make = (extra: object) =>
      new PortfolioOrchestrator({ steps, environment: 'dev', services: [{ service: 'a' }], ...extra });
    expect(() => make({ services: [{ service: 'a', dependsOn: ['ghost'] }] })).toThrow(
      'a: dependsOn names "ghost", which is not in this portfolio',
    );
    expect(() => make({ concurrency: 0 })).toThrow('concurrency: expected an integer >= 1');
    expect(() => make({ failurePolicy: 'retry' })).toThrow(
      'failurePolicy: unknown "retry"; valid policies: stop, continue, rollback-all',
    );
    expect(() => make({ services: [] })).toThrow('services: expected a non-empty array');
    expect(() => make({ services: [{ service: 'a' }, { service: 'a' }] })).toThrow('"a:dev" appears twice');
  });

  it('expands services × customers, each customer after its own dependency', async () => {
    const steps = new FakeDeploymentSteps();
    const orchestrator = new PortfolioOrchestrator({
      steps,
      environment: 'production',
      concurrency: 1,
      services: [
        { service: 'app', customers: ['acme', 'globex'], dependsOn: ['auth'] },
        { service: 'auth', customers: ['acme', 'globex'] },
      ],
    });
    const result = await orchestrator.execute();
    expect(result.units.map((u) => u.id)).toEqual([
      'auth@acme:production',
      'app@acme:production',
      'auth@globex:production',
      'app@globex:production',
    ]);
    expect(result.summary.succeeded).toBe(4);
  });

  it('skips the dependents of a failed unit under continue, and the counts add up', async () => {
    const steps = new FakeDeploymentSteps({
      fail: (step, unit) =>
        step === 'migrate' && unit.service === 'db' ? 'migration 0002 failed' : undefined,
    });
    const result = await new PortfolioOrchestrator({
      steps,
      environment: 'dev',
      failurePolicy: 'continue',
      services: [
        { service: 'db', hasDatabase: true },
        { service: 'api', dependsOn: ['db'] },
        { service: 'static' },
      ],
    }).execute();
    expect(result.units.map((u) => [u.service, u.state])).toEqual([
      ['db', 'failed'],
      ['api', 'skipped'],
      ['static', 'succeeded'],
    ]);
    expect(result.units[1]?.error?.message).toBe('api:dev: not started because db:dev did not succeed');
    expectCountsAddUp(result.summary);
  });

  it('a dry run makes zero mutating calls and plans every unit in dependency order', async () => {
    const steps = new FakeDeploymentSteps();
    const audit = new MemoryAuditTrail();
    const result = await new PortfolioOrchestrator({
      steps,
      audit,
      environment: 'production',
      services: [
        { service: 'web', dependsOn: ['api'] },
        { service: 'api', hasDatabase: true },
      ],
    }).execute({ dryRun: true });
    expect(steps.calls).toEqual([]);
    expect(audit.entries).toEqual([]);
    expect(result.plan.filter((c) => c.step === 'deploy').map((c) => c.description)).toEqual([
      'wrangler deploy --name api-production',
      'wrangler deploy --name web-production',
    ]);
    const apiSteps = result.plan
      .filter((c) => c.unit === 'api:production' && c.step !== 'validate')
      .map((c) => c.step);
    expect(apiSteps).toEqual([
      'build',
      'read-version',
      'backup',
      'migrate',
      'secrets',
      'secrets',
      'deploy',
      'health',
      'tests',
    ]);
  });

  it('stops validation failures before any change', async () => {
    const steps = new FakeDeploymentSteps({
      findings: { b: [{ severity: 'error', message: 'token in vars' }] },
    });
    const result = await new PortfolioOrchestrator({
      steps,
      environment: 'dev',
      services: [{ service: 'a' }, { service: 'b' }],
    }).execute();
    expect(result.status).toBe('failed');
    expect(steps.mutatingCalls).toEqual([]);
    expect(result.units.map((u) => u.state)).toEqual(['skipped', 'failed']);
  });

  it('validates up to `concurrency` units side by side, all before the first deploy', async () => {
    class SlowValidation extends FakeDeploymentSteps {
      active = 0;
      most = 0;
      override async validate(unit: DeploymentUnit) {
        this.most = Math.max(this.most, ++this.active);
        await new Promise((resolve) => setTimeout(resolve, 10));
        this.active--;
        return super.validate(unit);
      }
    }
    const steps = new SlowValidation({ findings: { d: [{ severity: 'error', message: 'bad bundle' }] } });
    const result = await new PortfolioOrchestrator({
      steps,
      environment: 'dev',
      services: ['a', 'b', 'c', 'd', 'e'].map((service) => ({ service })),
      concurrency: 3,
    }).execute();
    expect(steps.most).toBe(3);
    expect(steps.calls.filter((c) => c.step === 'validate')).toHaveLength(5);
    expect(steps.mutatingCalls).toEqual([]);
    expect(result.status).toBe('failed');
    expect(result.errors.map((e) => e.message).join(' ')).toContain('bad bundle');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { isOrchestrationError } from '../errors.js';
import { MemoryAuditTrail } from '../ports/audit-sink.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { MemoryRunStateStore } from '../state/run-state.js';
import { FakeDeploymentSteps } from '../testing/fake-steps.js';
import { SingleServiceOrchestrator } from './single-service.js';

const api = { service: 'api', environment: 'staging', hasDatabase: true };

describe('SingleServiceOrchestrator', () => {
  it('validates, builds, migrates, syncs secrets, deploys, checks health, tests and records the version', async () => {
    const steps = new FakeDeploymentSteps({ live: { 'api:staging': 'v0' }, secrets: ['API_KEY'] });
    const audit = new MemoryAuditTrail();
    const result = await new SingleServiceOrchestrator({ steps, unit: api, audit }).execute();
    expect(result.status).toBe('succeeded');
    expect(steps.calls.map((c) => c.step)).toEqual([
      'validate',
      'build',
      'read-version',
      'migrate',
      'secrets',
      'deploy',
      'health',
      'tests',
    ]);
    expect(result.units).toMatchObject([
      {
        id: 'api:staging',
        state: 'succeeded',
        versionId: 'v1',
        previousVersionId: 'v0',
        url: 'http://127.0.0.1/api:staging',
      },
    ]);
    const recorded = audit.entries.find((e) => e.step === 'record-version');
    expect(recorded).toMatchObject({ service: 'api', environment: 'staging', outcome: 'succeeded' });
    expect(recorded?.details).toMatchObject({ versionId: 'v1', previousVersionId: 'v0' });
    for (const step of ['validate', 'migrate', 'secrets', 'deploy', 'health', 'tests']) {
      expect(audit.entries.filter((e) => e.step === step).map((e) => e.outcome)).toEqual([
        'started',
        'succeeded',
      ]);
    }
  });

  it('takes a database backup before migrating in production, and not elsewhere', async () => {
    const steps = new FakeDeploymentSteps();
    const result = await new SingleServiceOrchestrator({
      steps,
      unit: { ...api, environment: 'production' },
    }).execute();
    const order = steps.calls.map((c) => c.step);
    expect(order.indexOf('backup')).toBeGreaterThan(-1);
    expect(order.indexOf('backup')).toBeLessThan(order.indexOf('migrate'));
    expect(result.units[0]?.backupRef).toBe('backups/api:production.sql');
  });

  it('rolls back to the previous version and removes created secrets when the health check fails', async () => {
    const steps = new FakeDeploymentSteps({
      live: { 'api:staging': 'v0' },
      secrets: ['API_KEY'],
      fail: (step) => (step === 'health' ? 'HTTP 503' : undefined),
    });
    const result = await new SingleServiceOrchestrator({ steps, unit: api }).execute();
    expect(result.status).toBe('rolled-back');
    expect(steps.calls.slice(-2).map((c) => [c.step, c.args])).toEqual([
      ['rollback', 'v0'],
      ['remove-secrets', ['API_KEY']],
    ]);
    expect(steps.live.get('api:staging')).toBe('v0');
    expect(steps.secretsOf.get('api:staging')?.size).toBe(0);
    expect(result.units[0]).toMatchObject({ state: 'failed', error: { message: 'HTTP 503' } });
    expect(result.phases.monitor.state).toBe('skipped');
  });

  it('rolls back when smoke tests fail', async () => {
    class FailingTests extends FakeDeploymentSteps {
      override async runTests(unit: DeploymentUnit, url: string | undefined) {
        await super.runTests(unit, url);
        return { passed: false, failures: ['GET /items: expected 200, got 500'] };
      }
    }
    const steps = new FailingTests({ live: { 'api:staging': 'v0' } });
    const result = await new SingleServiceOrchestrator({ steps, unit: api }).execute();
    expect(result.status).toBe('rolled-back');
    expect(result.errors[0]).toMatchObject({ code: 'TESTS_FAILED', phase: 'verify' });
    expect(result.errors[0]?.message).toContain('GET /items: expected 200, got 500');
    expect(steps.live.get('api:staging')).toBe('v0');
  });

  it('changes nothing when validation finds an error, and names the finding', async () => {
    const steps = new FakeDeploymentSteps({
      findings: {
        api: [{ severity: 'error', message: 'vars.API_TOKEN looks like a secret', check: 'security' }],
      },
    });
    const result = await new SingleServiceOrchestrator({ steps, unit: api }).execute();
    expect(result.status).toBe('failed');
    expect(steps.mutatingCalls).toEqual([]);
    expect(result.errors[0]).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(result.errors[0]?.message).toContain('vars.API_TOKEN looks like a secret');
  });

  it('stops (prepare is critical here) when a migration fails, before deploying', async () => {
    const steps = new FakeDeploymentSteps({
      fail: (step) => (step === 'migrate' ? 'no such table' : undefined),
    });
    const result = await new SingleServiceOrchestrator({ steps, unit: api }).execute();
    expect(result.status).toBe('failed');
    expect(steps.calls.map((c) => c.step)).not.toContain('deploy');
  });

  it('a dry run makes zero mutating calls and plans exactly what a real run calls, in order', async () => {
    const dry = new FakeDeploymentSteps();
    const unit = { ...api, environment: 'production' };
    const planned = await new SingleServiceOrchestrator({ steps: dry, unit }).execute({ dryRun: true });
    expect(dry.calls).toEqual([]);
    expect(planned.status).toBe('succeeded');
    expect(planned.plan.length).toBeGreaterThan(0);
    expect(planned.plan[0]).toEqual({
      kind: 'command',
      description: 'wrangler deploy --dry-run --name api-production',
      mutating: false,
      step: 'validate',
      unit: 'api:production',
    });
    const real = new FakeDeploymentSteps();
    await new SingleServiceOrchestrator({ steps: real, unit }).execute();
    const plannedSteps = [...new Set(planned.plan.map((c) => c.step))];
    expect(plannedSteps).toEqual(real.calls.map((c) => c.step));
  });

  it('skips the steps whose capability is off and rejects an unknown capability by name', async () => {
    const steps = new FakeDeploymentSteps();
    await new SingleServiceOrchestrator({ steps, unit: api, capabilities: ['validation'] }).execute();
    expect(steps.calls.map((c) => c.step)).toEqual(['validate', 'build', 'read-version', 'deploy', 'health']);
    let error: unknown;
    try {
      new SingleServiceOrchestrator({ steps, unit: api, capabilities: ['migrations', 'teleport'] });
    } catch (e) {
      error = e;
    }
    expect(isOrchestrationError(error, 'UNKNOWN_CAPABILITY')).toBe(true);
    expect((error as Error).message).toBe(
      'capabilities: unknown capability "teleport"; valid capabilities: validation, migrations, secrets, tests, gradual-rollout, rollback',
    );
  });

  it('rejects a bad request naming the field', () => {
    const steps = new FakeDeploymentSteps();
    expect(() => new SingleServiceOrchestrator({ steps, unit: { service: '', environment: 'dev' } })).toThrow(
      'unit.service: expected a non-empty string',
    );
    expect(() => new SingleServiceOrchestrator({ steps: {} as never, unit: api })).toThrow('steps.describe');
  });

  describe('resume after the process died mid-deploy', () => {
    class DiesDuringDeploy extends FakeDeploymentSteps {
      override async deploy(unit: DeploymentUnit) {
        await super.deploy(unit);
        return new Promise<never>(() => {});
      }
    }

    async function interrupted() {
      const store = new MemoryRunStateStore();
      const steps = new DiesDuringDeploy({ live: { 'api:staging': 'v0' } });
      void new SingleServiceOrchestrator({ steps, unit: api, stateStore: store }).execute({
        deploymentId: 'run-7',
      });
      await vi.waitFor(() => expect(steps.live.get('api:staging')).toBe('v1'), {
        timeout: 20_000,
        interval: 20,
      });
      return { store, steps };
    }

    it('leaves a state file recording the unit in flight with its undo', async () => {
      const { store } = await interrupted();
      const state = await store.load('run-7');
      expect(state?.status).toBe('running');
      expect(state?.units[0]).toMatchObject({
        state: 'running',
        inFlight: 'deploy',
        previousVersionId: 'v0',
      });
      expect(state?.compensations).toMatchObject([
        { kind: 'rollback', data: { toVersionId: 'v0' }, armed: false },
      ]);
    });

    it('resume rollback restores the previous version', async () => {
      const { store, steps } = await interrupted();
      // A new orchestrator (as in a new process) over the same "Cloudflare" and state store.
      const resumer = new SingleServiceOrchestrator({ steps, unit: api, stateStore: store });
      const result = await resumer.resume('run-7', { action: 'rollback' });
      expect(result.status).toBe('rolled-back');
      expect(steps.live.get('api:staging')).toBe('v0');
      expect((await store.load('run-7'))?.status).toBe('rolled-back');
      await expect(resumer.resume('run-7', { action: 'rollback' })).rejects.toThrow(
        'already finished (rolled-back)',
      );
    });

    it('resume continue finishes the run and keeps the original previous version', async () => {
      const { store, steps } = await interrupted();
      const live = new FakeDeploymentSteps({ live: Object.fromEntries(steps.live) });
      const result = await new SingleServiceOrchestrator({
        steps: live,
        unit: api,
        stateStore: store,
      }).resume('run-7', {
        action: 'continue',
      });
      expect(result.status).toBe('succeeded');
      expect(result.units[0]).toMatchObject({ state: 'succeeded', previousVersionId: 'v0' });
    });

    it('names a missing run', async () => {
      const store = new MemoryRunStateStore();
      const orchestrator = new SingleServiceOrchestrator({
        steps: new FakeDeploymentSteps(),
        unit: api,
        stateStore: store,
      });
      await expect(orchestrator.resume('nope', { action: 'rollback' })).rejects.toThrow(
        'no saved run "nope"',
      );
    });
  });
});

import { describe, expect, it } from 'vitest';
import { isOrchestrationError, ORCHESTRATION_ERRORS } from '../errors.js';
import { MemoryAuditTrail } from '../ports/audit-sink.js';
import { MemoryRunStateStore } from '../state/run-state.js';
import { ManualClock } from '../testing/manual-clock.js';
import { BaseDeploymentOrchestrator } from './base-orchestrator.js';
import type { PhaseContext } from './context.js';
import type { ProgressEvent } from './events.js';
import { PHASES } from './phases.js';

class Recording extends BaseDeploymentOrchestrator {
  readonly log: string[] = [];
  failIn: string | undefined;
  protected override async onInitialize(ctx: PhaseContext) {
    this.log.push('initialize');
    ctx.addUnit({ id: 'api:dev', service: 'api', environment: 'dev' });
  }
  protected override async onPrepare(ctx: PhaseContext) {
    this.log.push('prepare');
    await ctx.registerCompensation({ description: 'undo prepare' }, async () => {
      this.log.push('undo prepare');
    });
    if (this.failIn === 'prepare') throw new Error('prepare broke');
  }
  protected override async onDeploy(ctx: PhaseContext) {
    this.log.push('deploy');
    await ctx.registerCompensation({ description: 'undo deploy', unit: 'api:dev' }, async () => {
      this.log.push('undo deploy');
    });
    if (this.failIn === 'deploy') throw new Error('deploy broke');
    await ctx.setUnitState('api:dev', 'succeeded');
  }
  protected override async onVerify() {
    this.log.push('verify');
    if (this.failIn === 'verify') throw new Error('verify broke');
  }
  protected override async onMonitor() {
    this.log.push('monitor');
    if (this.failIn === 'monitor') throw new Error('monitor broke');
  }
}

describe('BaseDeploymentOrchestrator', () => {
  it('runs a bare subclass with default hooks: every phase succeeds in order', async () => {
    class OnlyDeploy extends BaseDeploymentOrchestrator {
      deployed = 0;
      protected override async onDeploy() {
        this.deployed++;
      }
    }
    const events: ProgressEvent['type'][] = [];
    const orchestrator = new OnlyDeploy({ clock: new ManualClock(), onEvent: (e) => events.push(e.type) });
    const result = await orchestrator.execute();
    expect(orchestrator.deployed).toBe(1);
    expect(result.status).toBe('succeeded');
    expect(Object.keys(result.phases)).toEqual([...PHASES]);
    expect(Object.values(result.phases).map((p) => p.state)).toEqual(PHASES.map(() => 'succeeded'));
    expect(result.deploymentId).toMatch(/^dep-/);
    expect(events[0]).toBe('run:started');
    expect(events.at(-1)).toBe('run:finished');
    expect(events.filter((e) => e === 'phase:started')).toHaveLength(6);
  });

  it('stops at a failed critical phase and undoes every change last-in first-out', async () => {
    const orchestrator = new Recording();
    orchestrator.failIn = 'verify';
    const result = await orchestrator.execute();
    expect(orchestrator.log).toEqual([
      'initialize',
      'prepare',
      'deploy',
      'verify',
      'undo deploy',
      'undo prepare',
    ]);
    expect(result.status).toBe('rolled-back');
    expect(result.phases.verify).toMatchObject({ state: 'failed', error: { message: 'verify broke' } });
    expect(result.phases.monitor.state).toBe('skipped');
    expect(result.units[0]?.state).toBe('rolled-back');
    expect(result.compensations.map((c) => c.description)).toEqual(['undo deploy', 'undo prepare']);
    expect(result.summary).toEqual({ total: 1, succeeded: 0, failed: 0, rolledBack: 1, skipped: 0 });
  });

  it('goes on after a non-critical phase fails and reports partial', async () => {
    const orchestrator = new Recording();
    orchestrator.failIn = 'prepare';
    const result = await orchestrator.execute();
    expect(orchestrator.log).toEqual(['initialize', 'prepare', 'deploy', 'verify', 'monitor']);
    expect(result.status).toBe('partial');
    expect(result.phases.prepare.state).toBe('failed');
    expect(result.errors).toEqual([{ message: 'prepare broke', phase: 'prepare' }]);
    expect(result.compensations).toEqual([]);
  });

  it('with continueOnError a critical failure is recorded, the run goes on and nothing is undone', async () => {
    const orchestrator = new Recording();
    orchestrator.failIn = 'deploy';
    const result = await orchestrator.execute({ continueOnError: true });
    expect(orchestrator.log).toEqual(['initialize', 'prepare', 'deploy', 'verify', 'monitor']);
    // Its only unit never succeeded, so the run as a whole failed.
    expect(result.status).toBe('failed');
    expect(result.phases.deploy.state).toBe('failed');
    expect(result.phases.verify.state).toBe('succeeded');
    expect(result.compensations).toEqual([]);
  });

  it('is failed, not rolled-back, when a critical phase fails before any change', async () => {
    class FailsValidation extends BaseDeploymentOrchestrator {
      protected override async onValidate(): Promise<void> {
        throw new Error('bad config');
      }
    }
    const result = await new FailsValidation().execute();
    expect(result.status).toBe('failed');
    expect(result.phases.prepare.state).toBe('skipped');
  });

  it('is failed when an undo fails, and names it', async () => {
    class BadUndo extends BaseDeploymentOrchestrator {
      protected override async onDeploy(ctx: PhaseContext) {
        await ctx.registerCompensation({ description: 'restore v1' }, async () => {
          throw new Error('api down');
        });
        throw new Error('deploy broke');
      }
    }
    const result = await new BadUndo().execute();
    expect(result.status).toBe('failed');
    expect(result.compensations).toEqual([
      { description: 'restore v1', state: 'failed', error: { message: 'api down' } },
    ]);
    expect(result.errors.map((e) => e.code)).toContain(ORCHESTRATION_ERRORS.COMPENSATION_FAILED);
  });

  it('honours custom critical phases and rejects unknown ones by name', async () => {
    const orchestrator = new Recording({ criticalPhases: ['monitor'] });
    orchestrator.failIn = 'monitor';
    const result = await orchestrator.execute();
    expect(result.status).toBe('rolled-back');
    let error: unknown;
    try {
      new BaseDeploymentOrchestrator({ criticalPhases: ['deploy', 'launch' as never] });
    } catch (e) {
      error = e;
    }
    expect(isOrchestrationError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain('"launch"');
    expect((error as Error).message).toContain('initialize, validate, prepare, deploy, verify, monitor');
  });

  it('aborting stops before the next phase and undoes what was changed', async () => {
    const controller = new AbortController();
    class AbortsAfterDeploy extends Recording {
      protected override async onDeploy(ctx: PhaseContext) {
        await super.onDeploy(ctx);
        controller.abort();
      }
    }
    const orchestrator = new AbortsAfterDeploy();
    const result = await orchestrator.execute({ signal: controller.signal });
    expect(orchestrator.log).not.toContain('verify');
    expect(result.status).toBe('rolled-back');
    expect(result.errors[0]?.code).toBe(ORCHESTRATION_ERRORS.ABORTED);
  });

  it('audits every phase start and end, and a throwing listener does not break the run', async () => {
    const audit = new MemoryAuditTrail();
    const orchestrator = new Recording({ audit, scope: { service: 'api', environment: 'dev' } });
    orchestrator.on(() => {
      throw new Error('ui crashed');
    });
    const result = await orchestrator.execute({ deploymentId: 'run-1' });
    expect(result.status).toBe('succeeded');
    const steps = audit.entries.map((e) => `${e.step}:${e.outcome}`);
    expect(steps[0]).toBe('run:started');
    expect(steps.at(-1)).toBe('run:succeeded');
    for (const phase of PHASES) {
      expect(steps).toContain(`phase:${phase}:started`);
      expect(steps).toContain(`phase:${phase}:succeeded`);
    }
    expect(audit.entries.every((e) => e.deploymentId === 'run-1' && e.environment === 'dev')).toBe(true);
  });

  it('a dry run writes no audit and no state', async () => {
    const audit = new MemoryAuditTrail();
    const store = new MemoryRunStateStore();
    const result = await new Recording({ audit, stateStore: store }).execute({ dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(audit.entries).toEqual([]);
    expect(store.saves).toBe(0);
  });

  it('rejects bad options naming the field', async () => {
    const orchestrator = new Recording();
    await expect(orchestrator.execute({ dryRun: 'yes' as never })).rejects.toThrow(
      'dryRun: expected a boolean',
    );
    await expect(orchestrator.execute({ deploymentId: '../etc' })).rejects.toThrow('deploymentId');
    await expect(orchestrator.resume('x', { action: 'continue' })).rejects.toThrow('stateStore: required');
  });

  it('measures phase durations with the injected clock', async () => {
    const clock = new ManualClock();
    class Slow extends BaseDeploymentOrchestrator {
      protected override async onDeploy(ctx: PhaseContext) {
        await ctx.clock.sleep(1500);
      }
    }
    const result = await new Slow({ clock }).execute();
    expect(result.phases.deploy.durationMs).toBe(1500);
    expect(result.durationMs).toBe(1500);
    expect(result.startedAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

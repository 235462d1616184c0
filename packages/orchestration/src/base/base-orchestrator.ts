import { randomUUID } from 'node:crypto';
import { ORCHESTRATION_ERRORS, OrchestrationError, type ErrorSummary, summarizeError } from '../errors.js';
import type { AuditSink } from '../ports/audit-sink.js';
import type { DeploymentLockPort } from '../ports/deployment-lock.js';
import { type Clock, systemClock } from '../ports/clock.js';
import type { RunState, RunStateStore } from '../state/run-state.js';
import { type CompensationRecord, CompensationStack, type Undo } from './compensation.js';
import { PhaseContext, type RunParts } from './context.js';
import { ProgressEmitter, type ProgressListener } from './events.js';
import { DEFAULT_CRITICAL_PHASES, HOOK_OF, PHASES, type PhaseName, type PhaseReport } from './phases.js';
import { type CompensationReport, type OrchestrationResult, type RunStatus, summarize } from './result.js';

export interface BaseOrchestratorOptions {
  /** Every phase, step and compensation is recorded here (e.g. a `DeploymentAuditor`). */
  audit?: AuditSink;
  clock?: Clock;
  /** Run state after every change, for `resume` after a killed process. */
  stateStore?: RunStateStore;
  /** Default: validate, deploy, verify. */
  criticalPhases?: readonly PhaseName[];
  /** Service and environment named in run-level audit entries (default `*`). */
  scope?: { service?: string; environment?: string };
  newDeploymentId?: () => string;
  onEvent?: ProgressListener;
  /** Held for every service × environment of the run, from after `initialize` until the run ends. */
  lock?: DeploymentLockPort;
}

export interface ExecuteOptions {
  /** Make no change: return the plan of every command and API call a real run would make. */
  dryRun?: boolean;
  /** A critical phase failure is recorded and the run goes on (status `partial`), without compensating. */
  continueOnError?: boolean;
  /** Aborting stops the run before its next step and compensates what it changed. */
  signal?: AbortSignal;
  /** Use this id instead of a new one (letters, digits, `.`, `_`, `-`). */
  deploymentId?: string;
}

export interface ResumeOptions {
  /** `continue` runs the remaining work; `rollback` undoes everything the interrupted run changed. */
  action: 'continue' | 'rollback';
  signal?: AbortSignal;
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Runs `initialize → validate → prepare → deploy → verify → monitor`, calling one overridable hook
 * per phase. A failed critical phase stops the run and undoes every registered change, last first.
 */
export class BaseDeploymentOrchestrator {
  protected readonly clock: Clock;
  protected readonly auditSink: AuditSink | undefined;
  protected readonly stateStore: RunStateStore | undefined;
  protected readonly lock: DeploymentLockPort | undefined;
  readonly criticalPhases: readonly PhaseName[];
  readonly #emitter = new ProgressEmitter();
  readonly #scope: { service: string; environment: string };
  readonly #newId: () => string;

  constructor(options: BaseOrchestratorOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'options: expected an object');
    }
    for (const phase of options.criticalPhases ?? []) {
      if (!PHASES.includes(phase)) {
        throw new OrchestrationError(
          ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
          `criticalPhases: unknown phase "${String(phase)}"; valid phases: ${PHASES.join(', ')}`,
        );
      }
    }
    this.clock = options.clock ?? systemClock;
    this.auditSink = options.audit;
    this.stateStore = options.stateStore;
    this.lock = options.lock;
    this.criticalPhases = [...(options.criticalPhases ?? DEFAULT_CRITICAL_PHASES)];
    this.#scope = { service: options.scope?.service ?? '*', environment: options.scope?.environment ?? '*' };
    this.#newId = options.newDeploymentId ?? (() => `dep-${randomUUID()}`);
    if (options.onEvent) this.#emitter.on(options.onEvent);
  }

  /** The name recorded in audit entries and state files. */
  get kind(): string {
    return 'base';
  }

  /** Subscribes to progress events; returns the unsubscribe function. */
  on(listener: ProgressListener): () => void {
    return this.#emitter.on(listener);
  }

  protected async onInitialize(_ctx: PhaseContext): Promise<void> {}
  protected async onValidate(_ctx: PhaseContext): Promise<void> {}
  protected async onPrepare(_ctx: PhaseContext): Promise<void> {}
  protected async onDeploy(_ctx: PhaseContext): Promise<void> {}
  protected async onVerify(_ctx: PhaseContext): Promise<void> {}
  protected async onMonitor(_ctx: PhaseContext): Promise<void> {}

  /**
   * Undoes a compensation that has no in-process undo function (one restored from a state file).
   * Orchestrators that register `kind`/`data` compensations override this.
   */
  protected async compensate(record: CompensationRecord, _ctx: PhaseContext): Promise<void> {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.COMPENSATION_UNKNOWN,
      `no way to undo "${record.description}" (kind ${record.kind ?? 'none'}) in ${this.kind}`,
    );
  }

  async execute(options: ExecuteOptions = {}): Promise<OrchestrationResult> {
    return this.#run(options, undefined);
  }

  /** Continues or rolls back a run whose state file says it never finished. */
  async resume(deploymentId: string, options: ResumeOptions): Promise<OrchestrationResult> {
    if (!this.stateStore) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'stateStore: required to resume');
    }
    if (options?.action !== 'continue' && options?.action !== 'rollback') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `action: expected "continue" or "rollback", got "${String(options?.action)}"`,
      );
    }
    checkId(deploymentId);
    const state = await this.stateStore.load(deploymentId);
    if (!state) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.STATE_NOT_FOUND, `no saved run "${deploymentId}"`);
    }
    if (state.status !== 'running') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `run "${deploymentId}" already finished (${state.status}); nothing to resume`,
      );
    }
    if (state.orchestrator !== this.kind) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `run "${deploymentId}" was started by the ${state.orchestrator} orchestrator, not ${this.kind}`,
      );
    }
    // A step that was in flight when the process died may have taken effect: treat its undo as due.
    const restored = state.compensations.map((c) => ({ ...c, armed: true }));
    for (const unit of state.units) {
      if (unit.state === 'running') unit.state = 'pending';
    }
    return this.#run(
      { deploymentId, ...(options.signal ? { signal: options.signal } : {}) },
      {
        state: { ...state, compensations: restored },
        action: options.action,
      },
    );
  }

  async #run(
    options: ExecuteOptions,
    resumed: { state: RunState; action: 'continue' | 'rollback' } | undefined,
  ): Promise<OrchestrationResult> {
    if (options === null || typeof options !== 'object') {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'options: expected an object');
    }
    for (const key of ['dryRun', 'continueOnError'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean') {
        throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, `${key}: expected a boolean`);
      }
    }
    const deploymentId = options.deploymentId ?? this.#newId();
    checkId(deploymentId);
    const started = this.clock.now();
    const phases = Object.fromEntries(
      PHASES.map((p) => [p, { ...(resumed?.state.phases[p] ?? { state: 'pending' }) }]),
    ) as Record<PhaseName, PhaseReport>;
    const parts: RunParts = {
      deploymentId,
      orchestrator: this.kind,
      dryRun: options.dryRun ?? false,
      continueOnError: options.continueOnError ?? false,
      signal: options.signal,
      clock: this.clock,
      audit: this.auditSink,
      store: this.stateStore,
      scope: this.#scope,
      emitter: this.#emitter,
      stack: new CompensationStack(resumed?.state.compensations ?? []),
      startedAt: resumed?.state.startedAt ?? new Date(started).toISOString(),
      phases,
      units: resumed?.state.units ?? [],
      errors: [],
      plan: [],
      compensations: [],
      compensateUnit: async (unit) => this.#compensate(ctx, parts, parts.stack.drain(unit)),
    };
    const ctx = new PhaseContext(parts);
    ctx.emit({ type: 'run:started', deploymentId, dryRun: parts.dryRun });
    await ctx.audit(resumed ? `resume:${resumed.action}` : 'run', 'started', { dryRun: parts.dryRun });

    let stopped = false;
    let critical = false;
    const held: Array<{ release(): Promise<void> }> = [];
    try {
      if (resumed?.action === 'rollback') {
        stopped = critical = true;
        await this.#acquireLocks(ctx, parts, held);
      }
      for (const phase of PHASES) {
        if (stopped) {
          if (phases[phase].state === 'pending') phases[phase].state = 'skipped';
          continue;
        }
        const failure = await this.#phase(ctx, parts, phase);
        const aborted = failure?.code === ORCHESTRATION_ERRORS.ABORTED;
        if (failure && (aborted || (this.criticalPhases.includes(phase) && !parts.continueOnError))) {
          stopped = critical = true;
        }
        // Locks are taken once the units are known and before anything can change.
        if (phase === 'initialize' && !stopped && !(await this.#acquireLocks(ctx, parts, held))) {
          stopped = critical = true;
        }
      }
      if (critical && !parts.dryRun) {
        await this.#compensate(ctx, parts, parts.stack.drain());
      }
    } finally {
      for (const lock of held.reverse()) await lock.release().catch(() => {});
    }
    for (const unit of parts.units) {
      if (unit.state === 'pending') unit.state = 'skipped';
      if (unit.state === 'running') unit.state = 'failed';
    }
    const status = decideStatus(parts, critical, resumed?.action === 'rollback');
    await ctx.saveState(status);
    ctx.emit({ type: 'run:finished', deploymentId, status });
    await ctx.audit(
      resumed ? `resume:${resumed.action}` : 'run',
      status === 'succeeded' ? 'succeeded' : 'failed',
      {
        status,
        summary: summarize(parts.units),
      },
    );
    return {
      deploymentId,
      status,
      dryRun: parts.dryRun,
      startedAt: parts.startedAt,
      durationMs: this.clock.now() - started,
      phases,
      units: parts.units.map((u) => ({ ...u, steps: [...u.steps] })),
      summary: summarize(parts.units),
      errors: parts.errors,
      compensations: parts.compensations,
      plan: parts.plan,
    };
  }

  /** Returns false (with the error recorded) when a lock is held elsewhere. */
  async #acquireLocks(
    ctx: PhaseContext,
    parts: RunParts,
    held: Array<{ release(): Promise<void> }>,
  ): Promise<boolean> {
    if (!this.lock || parts.dryRun) return true;
    const pairs = [...new Set(parts.units.map((u) => `${u.service}\u0000${u.environment}`))].sort();
    try {
      for (const pair of pairs) {
        const [service, environment] = pair.split('\u0000') as [string, string];
        held.push(
          await this.lock.acquire({
            service,
            environment,
            owner: `clodo ${this.kind} orchestrator`,
            deploymentId: parts.deploymentId,
          }),
        );
      }
      return true;
    } catch (error) {
      ctx.recordError(error);
      return false;
    }
  }

  async #phase(ctx: PhaseContext, parts: RunParts, phase: PhaseName): Promise<ErrorSummary | undefined> {
    const report = parts.phases[phase];
    const start = this.clock.now();
    ctx.phase = phase;
    report.state = 'running';
    report.startedAt = new Date(start).toISOString();
    delete report.error;
    const errorsBefore = parts.errors.length;
    ctx.emit({ type: 'phase:started', deploymentId: parts.deploymentId, phase });
    let failure: ErrorSummary | undefined;
    try {
      await ctx.audit(`phase:${phase}`, 'started');
      ctx.throwIfAborted();
      await this[HOOK_OF[phase]](ctx);
    } catch (error) {
      failure = ctx.recordError(error);
    }
    // Errors a hook recorded without throwing (one unit under `continue`) fail the phase, not the run.
    const recorded = parts.errors.length > errorsBefore ? parts.errors[errorsBefore] : undefined;
    report.state = failure || recorded ? 'failed' : 'succeeded';
    report.durationMs = this.clock.now() - start;
    if (failure || recorded) report.error = (failure ?? recorded) as ErrorSummary;
    ctx.emit({
      type: 'phase:finished',
      deploymentId: parts.deploymentId,
      phase,
      state: report.state,
      durationMs: report.durationMs,
      ...(report.error ? { error: report.error } : {}),
    });
    try {
      await ctx.audit(`phase:${phase}`, report.state === 'succeeded' ? 'succeeded' : 'failed', {
        durationMs: report.durationMs,
        ...(report.error ? { error: report.error } : {}),
      });
      await ctx.saveState();
    } catch (error) {
      failure ??= ctx.recordError(error);
    }
    return failure;
  }

  async #compensate(
    ctx: PhaseContext,
    parts: RunParts,
    entries: Array<{ record: CompensationRecord; undo: Undo | undefined }>,
  ): Promise<CompensationReport[]> {
    const reports: CompensationReport[] = [];
    for (const { record, undo } of entries) {
      if (!record.armed) continue;
      const unit = record.unit ? ctx.units.find((u) => u.id === record.unit) : undefined;
      const base = { description: record.description, ...(record.unit ? { unit: record.unit } : {}) };
      let report: CompensationReport;
      try {
        await ctx.audit('compensate', 'started', { description: record.description }, unit);
        if (undo) await undo();
        else await this.compensate(record, ctx);
        report = { ...base, state: 'succeeded' };
        await ctx.audit('compensate', 'succeeded', { description: record.description }, unit);
        if (unit && unit.state !== 'failed' && unit.state !== 'skipped') unit.state = 'rolled-back';
      } catch (error) {
        const summary = summarizeError(error, record.unit ? { unit: record.unit } : {});
        report = { ...base, state: 'failed', error: summary };
        ctx.recordError(
          new OrchestrationError(
            ORCHESTRATION_ERRORS.COMPENSATION_FAILED,
            `undoing "${record.description}" failed: ${summary.message}`,
          ),
          record.unit,
        );
        await ctx
          .audit('compensate', 'failed', { description: record.description, error: summary }, unit)
          .catch(() => {});
      }
      reports.push(report);
      ctx.emit({
        type: 'compensation',
        deploymentId: ctx.deploymentId,
        description: record.description,
        ...(record.unit ? { unit: record.unit } : {}),
        state: report.state,
      });
      parts.compensations.push(report);
      await ctx.saveState().catch(() => {});
    }
    return reports;
  }
}

function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      `deploymentId: expected 1-128 letters, digits, ".", "_" or "-"`,
    );
  }
}

function decideStatus(parts: RunParts, critical: boolean, rollbackRequested: boolean): RunStatus {
  const compensated = parts.compensations;
  if (critical || rollbackRequested) {
    if (compensated.length === 0) return rollbackRequested ? 'rolled-back' : 'failed';
    return compensated.every((c) => c.state === 'succeeded') ? 'rolled-back' : 'failed';
  }
  const failedUnits = parts.units.filter((u) => u.state === 'failed' || u.state === 'rolled-back');
  if (parts.errors.length === 0 && failedUnits.length === 0) return 'succeeded';
  if (parts.units.length > 0 && !parts.units.some((u) => u.state === 'succeeded')) return 'failed';
  return 'partial';
}

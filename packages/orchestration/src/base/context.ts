import { ORCHESTRATION_ERRORS, OrchestrationError, type ErrorSummary, summarizeError } from '../errors.js';
import type { AuditSink } from '../ports/audit-sink.js';
import type { Clock } from '../ports/clock.js';
import type { PlannedCall } from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import type { RunState, RunStateStore } from '../state/run-state.js';
import type { CompensationRecord, CompensationStack, Undo } from './compensation.js';
import type { ProgressEmitter, ProgressEvent } from './events.js';
import type { PhaseName, PhaseReport } from './phases.js';
import type { CompensationReport, UnitReport, UnitState } from './result.js';

export interface RunParts {
  deploymentId: string;
  orchestrator: string;
  dryRun: boolean;
  continueOnError: boolean;
  signal: AbortSignal | undefined;
  clock: Clock;
  audit: AuditSink | undefined;
  store: RunStateStore | undefined;
  scope: { service: string; environment: string };
  emitter: ProgressEmitter;
  stack: CompensationStack;
  startedAt: string;
  phases: Record<PhaseName, PhaseReport>;
  units: UnitReport[];
  errors: ErrorSummary[];
  plan: PlannedCall[];
  compensations: CompensationReport[];
  /** Runs a unit's compensations; provided by the orchestrator. */
  compensateUnit: (unit: string) => Promise<CompensationReport[]>;
}

/** What every hook receives: the run's identity, its units, and the ways to record what it does. */
export class PhaseContext {
  readonly #run: RunParts;
  phase: PhaseName = 'initialize';
  /** Free space for hooks to hand values to later phases. */
  readonly data: Record<string, unknown> = {};

  constructor(run: RunParts) {
    this.#run = run;
  }

  get deploymentId(): string {
    return this.#run.deploymentId;
  }
  get dryRun(): boolean {
    return this.#run.dryRun;
  }
  get continueOnError(): boolean {
    return this.#run.continueOnError;
  }
  get signal(): AbortSignal | undefined {
    return this.#run.signal;
  }
  get clock(): Clock {
    return this.#run.clock;
  }
  get units(): readonly UnitReport[] {
    return this.#run.units;
  }
  /** The plan so far (dry run). */
  get plan(): readonly PlannedCall[] {
    return this.#run.plan;
  }

  throwIfAborted(): void {
    if (this.#run.signal?.aborted) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.ABORTED, 'the run was aborted');
    }
  }

  /** Adds a unit to the run (or returns it when a resumed run already has it). */
  addUnit(unit: DeploymentUnit): UnitReport {
    const existing = this.#run.units.find((u) => u.id === unit.id);
    if (existing) return existing;
    const report: UnitReport = {
      id: unit.id,
      service: unit.service,
      environment: unit.environment,
      ...(unit.customer ? { customer: unit.customer } : {}),
      state: 'pending',
      steps: [],
    };
    this.#run.units.push(report);
    return report;
  }

  unit(id: string): UnitReport {
    const report = this.#run.units.find((u) => u.id === id);
    if (!report)
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, `unit "${id}" is not in this run`);
    return report;
  }

  async setUnitState(id: string, state: UnitState, error?: unknown): Promise<void> {
    const report = this.unit(id);
    report.state = state;
    if (error !== undefined) report.error = summarizeError(error, { unit: id });
    this.emit({
      type: 'unit:state',
      deploymentId: this.deploymentId,
      unit: id,
      state,
      ...(report.error && error !== undefined ? { error: report.error } : {}),
    });
    await this.saveState();
  }

  /** Adds a call to the dry-run plan. */
  addPlan(calls: PlannedCall | readonly PlannedCall[]): void {
    for (const call of Array.isArray(calls) ? calls : [calls]) this.#run.plan.push({ ...call });
  }

  /** Records an error without failing the phase by throwing (e.g. one unit under `continue`). */
  recordError(error: unknown, unit?: string): ErrorSummary {
    const summary = summarizeError(error, { phase: this.phase, ...(unit ? { unit } : {}) });
    this.#run.errors.push(summary);
    return summary;
  }

  /**
   * Registers the undo of a change. Pass `kind` + `data` so a resumed run in another process can
   * still undo it (through the orchestrator's `compensate`); `undo` is used in this process.
   * `armed: false` registers the intent before attempting the change; call `armCompensation` after.
   */
  async registerCompensation(
    record: Omit<CompensationRecord, 'id' | 'armed'> & { armed?: boolean },
    undo?: Undo,
  ): Promise<number> {
    const id = this.#run.stack.push(record, undo);
    await this.saveState();
    return id;
  }

  async armCompensation(id: number): Promise<void> {
    this.#run.stack.arm(id);
    await this.saveState();
  }

  async dropCompensation(id: number): Promise<void> {
    this.#run.stack.remove(id);
    await this.saveState();
  }

  /** Moves a completed unit's compensations to the top: run-level rollback goes in reverse completion order. */
  raiseUnit(unit: string): void {
    this.#run.stack.raiseUnit(unit);
  }

  /** Undoes one unit's changes now (last in, first out). */
  compensateUnit(unit: string): Promise<CompensationReport[]> {
    return this.#run.compensateUnit(unit);
  }

  emit(event: ProgressEvent): void {
    this.#run.emitter.emit(event);
  }

  /** Records one audit entry (skipped in a dry run, which writes nothing). */
  async audit(
    step: string,
    outcome: 'started' | 'succeeded' | 'failed' | 'skipped',
    details: Record<string, unknown> = {},
    unit?: DeploymentUnit | UnitReport,
  ): Promise<void> {
    if (this.#run.dryRun || !this.#run.audit) return;
    await this.#run.audit.record({
      deploymentId: this.deploymentId,
      service: unit?.service ?? this.#run.scope.service,
      environment: unit?.environment ?? this.#run.scope.environment,
      step,
      outcome,
      details: {
        orchestrator: this.#run.orchestrator,
        phase: this.phase,
        ...(unit ? { unit: unit.id, ...(unit.customer ? { customer: unit.customer } : {}) } : {}),
        ...details,
      },
    });
  }

  /**
   * Runs one step of one unit: audited (started, then succeeded or failed), with the step marked
   * in flight in the saved state while it runs so a killed process leaves a record of it.
   */
  async step<T>(
    unit: DeploymentUnit,
    step: string,
    run: () => Promise<T>,
    detailsOf: (result: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    this.throwIfAborted();
    const report = this.unit(unit.id);
    const announce = async (
      outcome: 'started' | 'succeeded' | 'failed',
      details: Record<string, unknown>,
    ) => {
      await this.audit(step, outcome, details, unit);
      this.emit({ type: 'unit:step', deploymentId: this.deploymentId, unit: unit.id, step, outcome });
    };
    report.inFlight = step;
    await this.saveState();
    await announce('started', {});
    let result: T;
    try {
      result = await run();
    } catch (error) {
      delete report.inFlight;
      await announce('failed', { error: summarizeError(error) });
      await this.saveState();
      throw error;
    }
    delete report.inFlight;
    report.steps.push(step);
    await announce('succeeded', detailsOf(result));
    await this.saveState();
    return result;
  }

  async saveState(status: RunState['status'] = 'running'): Promise<void> {
    const run = this.#run;
    if (run.dryRun || !run.store) return;
    await run.store.save({
      version: 1,
      deploymentId: run.deploymentId,
      orchestrator: run.orchestrator,
      status,
      startedAt: run.startedAt,
      updatedAt: new Date(run.clock.now()).toISOString(),
      phases: structuredClone(run.phases),
      units: structuredClone(run.units),
      compensations: run.stack.snapshot(),
    });
  }
}

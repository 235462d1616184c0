import type { CompensationRecord } from '../base/compensation.js';
import type { PhaseName, PhaseReport } from '../base/phases.js';
import type { RunStatus, UnitReport } from '../base/result.js';

/**
 * What a run persists after every change, so a killed process can be resumed or rolled back:
 * the units (with any step in flight), and every compensation registered so far.
 */
export interface RunState {
  version: 1;
  deploymentId: string;
  orchestrator: string;
  /** `running` until the run ends; a state file still `running` is an interrupted run. */
  status: 'running' | RunStatus;
  startedAt: string;
  updatedAt: string;
  phases: Partial<Record<PhaseName, PhaseReport>>;
  units: UnitReport[];
  compensations: CompensationRecord[];
}

/** Where run state is kept. `save` resolves once the state is durable. */
export interface RunStateStore {
  save(state: RunState): Promise<void>;
  load(deploymentId: string): Promise<RunState | undefined>;
}

export class MemoryRunStateStore implements RunStateStore {
  readonly states: Map<string, RunState> = new Map();
  /** How many times `save` was called; tests use it to stop a run at a chosen point. */
  saves = 0;
  async save(state: RunState): Promise<void> {
    this.saves++;
    this.states.set(state.deploymentId, structuredClone(state));
  }
  async load(deploymentId: string): Promise<RunState | undefined> {
    const state = this.states.get(deploymentId);
    return state ? structuredClone(state) : undefined;
  }
}

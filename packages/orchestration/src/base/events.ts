import type { ErrorSummary } from '../errors.js';
import type { PhaseName, PhaseState } from './phases.js';
import type { RunStatus, UnitState } from './result.js';

/** Progress a UI can render; every event carries the run's id. */
export type ProgressEvent =
  | { type: 'run:started'; deploymentId: string; dryRun: boolean }
  | { type: 'phase:started'; deploymentId: string; phase: PhaseName }
  | {
      type: 'phase:finished';
      deploymentId: string;
      phase: PhaseName;
      state: PhaseState;
      durationMs: number;
      error?: ErrorSummary;
    }
  | { type: 'unit:state'; deploymentId: string; unit: string; state: UnitState; error?: ErrorSummary }
  | {
      type: 'unit:step';
      deploymentId: string;
      unit: string;
      step: string;
      outcome: 'started' | 'succeeded' | 'failed' | 'skipped';
    }
  | {
      type: 'compensation';
      deploymentId: string;
      description: string;
      unit?: string;
      state: 'succeeded' | 'failed';
    }
  | {
      type: 'rollout:step';
      deploymentId: string;
      unit: string;
      percentage: number;
      errorRate: number;
      healthy: boolean;
    }
  | { type: 'run:finished'; deploymentId: string; status: RunStatus };

export type ProgressListener = (event: ProgressEvent) => void;

/** Listeners are isolated: one that throws does not stop the run or the other listeners. */
export class ProgressEmitter {
  readonly #listeners = new Set<ProgressListener>();

  on(listener: ProgressListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ProgressEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken UI must not break a deployment.
      }
    }
  }
}

import type { ErrorSummary } from '../errors.js';
import type { PlannedCall } from '../ports/deployment-steps.js';
import type { PhaseName, PhaseReport } from './phases.js';

export type RunStatus = 'succeeded' | 'failed' | 'rolled-back' | 'partial';
export const RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'rolled-back', 'partial'];

export type UnitState = 'pending' | 'running' | 'succeeded' | 'failed' | 'rolled-back' | 'skipped';

export interface UnitReport {
  id: string;
  service: string;
  environment: string;
  customer?: string;
  state: UnitState;
  /** The mutating step in progress; set before the call, cleared after (what a killed run leaves). */
  inFlight?: string;
  /** Steps completed, in order. */
  steps: string[];
  versionId?: string;
  /** The version served before this run: what a rollback restores. */
  previousVersionId?: string;
  url?: string;
  backupRef?: string;
  error?: ErrorSummary;
}

export interface CompensationReport {
  description: string;
  unit?: string;
  state: 'succeeded' | 'failed';
  error?: ErrorSummary;
}

export interface RunSummary {
  total: number;
  succeeded: number;
  failed: number;
  rolledBack: number;
  skipped: number;
}

export interface OrchestrationResult {
  deploymentId: string;
  status: RunStatus;
  dryRun: boolean;
  startedAt: string;
  durationMs: number;
  phases: Record<PhaseName, PhaseReport>;
  units: UnitReport[];
  /** Counts of `units` by final state; they always add up to `total`. */
  summary: RunSummary;
  errors: ErrorSummary[];
  compensations: CompensationReport[];
  /** Dry run: every command and API call a real run would make, in order. Real run: empty. */
  plan: PlannedCall[];
}

export function summarize(units: readonly UnitReport[]): RunSummary {
  const count = (state: UnitState) => units.filter((u) => u.state === state).length;
  return {
    total: units.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    rolledBack: count('rolled-back'),
    skipped: count('skipped'),
  };
}

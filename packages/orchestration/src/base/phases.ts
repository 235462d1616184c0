import type { ErrorSummary } from '../errors.js';

export const PHASES = ['initialize', 'validate', 'prepare', 'deploy', 'verify', 'monitor'] as const;
export type PhaseName = (typeof PHASES)[number];

/** Phases whose failure stops the run and compensates, unless `continueOnError`. */
export const DEFAULT_CRITICAL_PHASES: readonly PhaseName[] = ['validate', 'deploy', 'verify'];

export type PhaseState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface PhaseReport {
  state: PhaseState;
  /** ISO 8601, when the phase started. */
  startedAt?: string;
  durationMs?: number;
  error?: ErrorSummary;
}

export type HookName = 'onInitialize' | 'onValidate' | 'onPrepare' | 'onDeploy' | 'onVerify' | 'onMonitor';

export const HOOK_OF: Readonly<Record<PhaseName, HookName>> = {
  initialize: 'onInitialize',
  validate: 'onValidate',
  prepare: 'onPrepare',
  deploy: 'onDeploy',
  verify: 'onVerify',
  monitor: 'onMonitor',
};

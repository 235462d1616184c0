/** What happened to a step: one record when it starts and one when it ends. */
export type AuditOutcome = 'started' | 'succeeded' | 'failed' | 'skipped' | 'retrying';

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = [
  'started',
  'succeeded',
  'failed',
  'skipped',
  'retrying',
];

/** One line of the audit log. `seq` strictly increases across the project's log. */
export interface AuditRecord {
  seq: number;
  /** ISO 8601, UTC. */
  time: string;
  deploymentId: string;
  service: string;
  environment: string;
  /** `validate`, `migrate`, `secrets`, `deploy`, `health`, `rollback`, ... */
  step: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

/** What a caller records; the auditor adds `seq` and `time`. */
export interface AuditEntry {
  deploymentId: string;
  service: string;
  environment: string;
  step: string;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

/** Filters for `DeploymentAuditor.query`; every given field must match. */
export interface AuditQuery {
  deploymentId?: string;
  service?: string;
  environment?: string;
  step?: string;
  outcome?: AuditOutcome;
  /** Inclusive lower bound on `time`. */
  from?: Date | string;
  /** Exclusive upper bound on `time`. */
  to?: Date | string;
}

/** Where audit records are kept. `append` resolves only once the record is durable. */
export interface AuditSink {
  /** Assigns the next `seq`, writes and flushes the record, then returns it. */
  append(record: Omit<AuditRecord, 'seq'>): Promise<AuditRecord>;
  /** Every record, in `seq` order. */
  readAll(): Promise<AuditRecord[]>;
}

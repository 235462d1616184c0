/** One audit entry; `DeploymentAuditor` from @clodo/deployment accepts exactly this shape. */
export interface OrchestrationAuditEntry {
  deploymentId: string;
  service: string;
  environment: string;
  step: string;
  outcome: 'started' | 'succeeded' | 'failed' | 'skipped' | 'retrying';
  details?: Record<string, unknown>;
}

/**
 * Where every orchestration step is recorded. `record` must resolve only once the entry is durable,
 * so the next step starts after its predecessor is on disk. `DeploymentAuditor` satisfies this.
 */
export interface AuditSink {
  record(entry: OrchestrationAuditEntry): Promise<unknown>;
}

/** Keeps entries in memory: for tests, dry runs and callers that read the trail afterwards. */
export class MemoryAuditTrail implements AuditSink {
  readonly entries: OrchestrationAuditEntry[] = [];
  async record(entry: OrchestrationAuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
}

import type { AuditRecord, AuditSink } from './record.js';

/** An in-memory audit sink, for tests and dry runs. */
export class MemoryAuditSink implements AuditSink {
  readonly records: AuditRecord[] = [];

  async append(record: Omit<AuditRecord, 'seq'>): Promise<AuditRecord> {
    const full = { seq: (this.records.at(-1)?.seq ?? 0) + 1, ...record };
    this.records.push(structuredClone(full));
    return full;
  }

  async readAll(): Promise<AuditRecord[]> {
    return structuredClone(this.records);
  }
}

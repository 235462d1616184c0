import { join } from 'node:path';
import { redact } from '@clodo/security';
import { type Clock, systemClock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { toCsv } from './csv.js';
import { JsonlAuditSink } from './jsonl-sink.js';
import {
  AUDIT_OUTCOMES,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
  type AuditSink,
} from './record.js';

/** Turns any value into one safe to persist (secret values and secret-named fields masked). */
export type RedactFn = (value: unknown) => unknown;

export interface DeploymentAuditorOptions {
  sink: AuditSink;
  /**
   * Applied to every record's details before it is written. Defaults to `@clodo/security`'s
   * `redact` (secret-named fields, bearer tokens, JWTs); pass `(v) => redactor.redact(v)` with a
   * `Redactor` that knows the run's secret values to mask those too.
   */
  redact?: RedactFn;
  clock?: Clock;
}

export type AuditExportFormat = 'json' | 'csv';

/**
 * The deployment audit trail: one record per step start and end, strictly increasing `seq`,
 * each durable before `record` resolves so the next step starts only after it is on disk.
 */
export class DeploymentAuditor {
  readonly #sink: AuditSink;
  readonly #redact: RedactFn;
  readonly #clock: Clock;

  constructor(options: DeploymentAuditorOptions) {
    if (!options?.sink) throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'sink: required');
    if (options.redact !== undefined && typeof options.redact !== 'function') {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'redact: expected a function');
    }
    this.#sink = options.sink;
    this.#redact = options.redact ?? ((value) => redact(value));
    this.#clock = options.clock ?? systemClock;
  }

  /** The project's audit log at `<projectRoot>/.clodo/audit/*.jsonl`. */
  static forProject(projectRoot: string, options: Omit<DeploymentAuditorOptions, 'sink'>): DeploymentAuditor {
    return new DeploymentAuditor({
      ...options,
      sink: new JsonlAuditSink(join(projectRoot, '.clodo', 'audit')),
    });
  }

  async record(entry: AuditEntry): Promise<AuditRecord> {
    for (const field of ['deploymentId', 'service', 'environment', 'step'] as const) {
      if (typeof entry?.[field] !== 'string' || entry[field] === '') {
        throw new DeploymentError(
          DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
          `entry.${field}: expected a non-empty string`,
        );
      }
    }
    if (!AUDIT_OUTCOMES.includes(entry.outcome)) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `entry.outcome: expected one of ${AUDIT_OUTCOMES.join(', ')}`,
      );
    }
    const details = this.#redact(toPlain(entry.details ?? {}));
    return this.#sink.append({
      time: new Date(this.#clock.now()).toISOString(),
      deploymentId: entry.deploymentId,
      service: entry.service,
      environment: entry.environment,
      step: entry.step,
      outcome: entry.outcome,
      details: (details && typeof details === 'object' ? details : { value: details }) as Record<
        string,
        unknown
      >,
    });
  }

  /**
   * Records `started`, runs the step, then records `succeeded` (with `detailsOf(result)`) or
   * `failed` (with the error's code and message) and rethrows.
   */
  async step<T>(
    entry: Omit<AuditEntry, 'outcome'>,
    run: () => Promise<T>,
    detailsOf: (result: T) => Record<string, unknown> = () => ({}),
  ): Promise<T> {
    await this.record({ ...entry, outcome: 'started' });
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await this.record({
        ...entry,
        outcome: 'failed',
        details: { ...entry.details, ...errorDetails(error) },
      });
      throw error;
    }
    await this.record({
      ...entry,
      outcome: 'succeeded',
      details: { ...entry.details, ...detailsOf(result) },
    });
    return result;
  }

  async query(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const from = query.from === undefined ? undefined : timeOf(query.from, 'from');
    const to = query.to === undefined ? undefined : timeOf(query.to, 'to');
    return (await this.#sink.readAll()).filter((record) => {
      if (query.deploymentId !== undefined && record.deploymentId !== query.deploymentId) return false;
      if (query.service !== undefined && record.service !== query.service) return false;
      if (query.environment !== undefined && record.environment !== query.environment) return false;
      if (query.step !== undefined && record.step !== query.step) return false;
      if (query.outcome !== undefined && record.outcome !== query.outcome) return false;
      const time = Date.parse(record.time);
      if (from !== undefined && time < from) return false;
      if (to !== undefined && time >= to) return false;
      return true;
    });
  }

  /** The matching records as a JSON array or CSV (details as a JSON column). */
  async export(format: AuditExportFormat, query: AuditQuery = {}): Promise<string> {
    if (format !== 'json' && format !== 'csv') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `format: expected "json" or "csv", got "${format}"`,
      );
    }
    const records = await this.query(query);
    if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
    return toCsv(
      ['seq', 'time', 'deploymentId', 'service', 'environment', 'step', 'outcome', 'details'],
      records.map((r) => [
        String(r.seq),
        r.time,
        r.deploymentId,
        r.service,
        r.environment,
        r.step,
        r.outcome,
        JSON.stringify(r.details),
      ]),
    );
  }
}

function timeOf(value: Date | string, field: string): number {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      `query.${field}: expected a date or ISO time`,
    );
  }
  return time;
}

/** Errors become `{ error: { code, message } }`, without stacks. */
export function errorDetails(error: unknown): Record<string, unknown> {
  if (error instanceof DeploymentError) {
    const { stdout: _stdout, stderr: _stderr, ...rest } = error.details;
    return { error: { code: error.code, message: error.message, ...rest } };
  }
  if (error instanceof Error) return { error: { message: error.message } };
  return { error: { message: String(error) } };
}

function toPlain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value ?? {}, (_key, v) => (v instanceof Error ? { message: v.message } : v)),
  );
}

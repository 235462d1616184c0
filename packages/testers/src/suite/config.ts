import type { ApiEndpoint } from '../api/api-tester.js';
import type { JwtSettings } from '../auth/jwt.js';
import type { ProtectedEndpoint } from '../auth/auth-tester.js';
import type { CrudResource } from '../database/database-tester.js';
import { invalidArgument } from '../errors.js';
import type { Credentials } from '../http/credentials.js';
import { parseTarget } from '../http/target.js';
import type { LoadOptions } from '../load/options.js';
import type { LatencyLimits, PerformanceEndpoint } from '../performance/performance-tester.js';

export type ReportFormat = 'json' | 'junit' | 'html';

/** Limits the whole suite is judged by; any failed limit makes the exit code 1. */
export interface SuiteThresholds {
  /** Per load run: errors ÷ attempts at most this (0..1). */
  maxErrorRate?: number;
  maxP50Ms?: number;
  maxP95Ms?: number;
  maxP99Ms?: number;
  /** Per load run: completed requests per second at least this. */
  minThroughputPerSec?: number;
  /** Failed api/auth/database/performance checks allowed (default 0). */
  maxFailedChecks?: number;
}

export type SuiteLoadRun = Omit<LoadOptions, 'baseUrl' | 'credentials' | 'signal' | 'onProgress'>;

export interface SuiteConfig {
  /** Shown in reports (default "Clodo production test"). */
  name?: string;
  baseUrl: string;
  credentials?: Credentials;
  timeoutMs?: number;
  /** `true` discovers endpoints from the service. */
  api?: true | { endpoints?: ApiEndpoint[] };
  auth?: { endpoints: ProtectedEndpoint[]; wrongCredentials?: Credentials; jwt?: JwtSettings };
  database?: { resource: CrudResource; maxListPages?: number };
  performance?: {
    endpoints: PerformanceEndpoint[];
    samples?: number;
    warmup?: number;
    thresholds?: LatencyLimits;
  };
  load?: SuiteLoadRun | SuiteLoadRun[];
  thresholds?: SuiteThresholds;
  reports?: { dir: string; name?: string; formats?: ReportFormat[] };
}

const PHASES = ['api', 'auth', 'database', 'performance', 'load'] as const;

/** Checks the config once, at the edge, naming the first bad field. */
export function validateSuiteConfig(config: SuiteConfig): void {
  if (config === null || typeof config !== 'object') throw invalidArgument('config', 'must be an object');
  parseTarget(config.baseUrl, 'config.baseUrl');
  if (!PHASES.some((p) => config[p] !== undefined)) {
    throw invalidArgument('config', `enable at least one of ${PHASES.join(', ')}`);
  }
  if (config.auth !== undefined && config.credentials === undefined) {
    throw invalidArgument('config.credentials', 'the auth phase needs the credentials the service accepts');
  }
  const t = config.thresholds ?? {};
  for (const [key, value] of Object.entries(t)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidArgument(`config.thresholds.${key}`, 'must be a non-negative number');
    }
  }
  if (t.maxErrorRate !== undefined && t.maxErrorRate > 1) {
    throw invalidArgument('config.thresholds.maxErrorRate', 'is a fraction between 0 and 1');
  }
  if (config.reports !== undefined) {
    if (typeof config.reports.dir !== 'string' || config.reports.dir.length === 0) {
      throw invalidArgument('config.reports.dir', 'must be a directory path');
    }
    const name = config.reports.name ?? 'clodo-test-report';
    if (!/^[\w.-]+$/.test(name))
      throw invalidArgument('config.reports.name', 'use letters, digits, ".", "-", "_"');
    for (const format of config.reports.formats ?? []) {
      if (!['json', 'junit', 'html'].includes(format)) {
        throw invalidArgument('config.reports.formats', `"${format}" is not one of json, junit, html`);
      }
    }
  }
}

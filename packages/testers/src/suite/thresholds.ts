import type { SuiteThresholds } from './config.js';
import type { SuiteResult, SuiteThresholdCheck } from './result.js';

/** Applies the suite's limits to what ran. Failed checks count against `maxFailedChecks` (default 0). */
export function evaluateThresholds(
  result: SuiteResult,
  thresholds: SuiteThresholds = {},
): SuiteThresholdCheck[] {
  const checks: SuiteThresholdCheck[] = [];
  const add = (scope: string, name: string, limit: number, actual: number, passed: boolean) =>
    checks.push({ scope, name, limit, actual, passed });
  for (const run of result.load ?? []) {
    const scope = `load ${run.label}`;
    if (thresholds.maxErrorRate !== undefined) {
      add(
        scope,
        'maxErrorRate',
        thresholds.maxErrorRate,
        run.errorRate,
        run.errorRate <= thresholds.maxErrorRate,
      );
    }
    for (const [key, field] of [
      ['maxP50Ms', 'p50'],
      ['maxP95Ms', 'p95'],
      ['maxP99Ms', 'p99'],
    ] as const) {
      const limit = thresholds[key];
      if (limit !== undefined) add(scope, key, limit, run.latency[field], run.latency[field] <= limit);
    }
    if (thresholds.minThroughputPerSec !== undefined) {
      const limit = thresholds.minThroughputPerSec;
      add(scope, 'minThroughputPerSec', limit, run.throughputPerSec, run.throughputPerSec >= limit);
    }
  }
  const failedChecks =
    (result.api?.failed ?? 0) +
    (result.auth?.failed ?? 0) +
    (result.database?.steps.filter((s) => !s.passed && !s.skipped).length ?? 0) +
    (result.database && !result.database.cleanup.succeeded ? 1 : 0) +
    (result.performance?.endpoints.filter((e) => !e.passed).length ?? 0) +
    result.errors.length;
  const allowed = thresholds.maxFailedChecks ?? 0;
  add('checks', 'maxFailedChecks', allowed, failedChecks, failedChecks <= allowed);
  return checks;
}

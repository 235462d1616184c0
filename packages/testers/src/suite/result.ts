import type { ApiResult } from '../api/api-tester.js';
import type { AuthResult } from '../auth/auth-tester.js';
import type { DatabaseResult } from '../database/database-tester.js';
import type { LoadResult } from '../load/load-tester.js';
import type { PerformanceResult, ThresholdCheck } from '../performance/performance-tester.js';
import type { SuitePhase } from '../progress/events.js';

export interface SuiteThresholdCheck extends ThresholdCheck {
  /** What the limit was applied to, e.g. `load GET /api/users`. */
  scope: string;
}

export interface SuiteResult {
  kind: 'suite';
  name: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  passed: boolean;
  /** 0 when every check and threshold passed, 1 otherwise. */
  exitCode: 0 | 1;
  api?: ApiResult;
  auth?: AuthResult;
  database?: DatabaseResult;
  performance?: PerformanceResult;
  load?: LoadResult[];
  /** Phases that could not run (e.g. discovery failed), with a one-line reason. */
  errors: Array<{ phase: SuitePhase; code: string; message: string }>;
  thresholds: SuiteThresholdCheck[];
  /** Files written, by format. */
  reports: Partial<Record<'json' | 'junit' | 'html', string>>;
}

import { type EnvironmentLevel, environmentLevel } from './environment-level.js';

export type Severity = 'critical' | 'high' | 'warning';

/** One security problem. `message` and `remediation` never contain the offending value. */
export interface Finding {
  /** Where the problem is, e.g. `secrets.JWT_SECRET` or `environments.production.vars.API_URL`. */
  path: string;
  severity: Severity;
  /** Stable rule id, e.g. `secret-placeholder`. */
  rule: SecurityRuleId;
  message: string;
  remediation: string;
}

export const SecurityRuleId = {
  SECRET_EMPTY: 'secret-empty',
  SECRET_MIN_LENGTH: 'secret-min-length',
  SECRET_PLACEHOLDER: 'secret-placeholder',
  SECRET_WEAK_PATTERN: 'secret-weak-pattern',
  SECRET_LOW_ENTROPY: 'secret-low-entropy',
  SECRET_REUSED: 'secret-reused',
  SECRET_IN_VARS: 'secret-in-vars',
  INSECURE_URL: 'insecure-url',
  LOCAL_URL: 'local-url',
  URL_CREDENTIALS: 'url-credentials',
  INVALID_URL: 'invalid-url',
  DEBUG_FLAG: 'debug-flag',
  INSECURE_FLAG: 'insecure-flag',
} as const;

export type SecurityRuleId = (typeof SecurityRuleId)[keyof typeof SecurityRuleId];

const RANK: Record<Severity, number> = { critical: 0, high: 1, warning: 2 };

/** Most severe first, then by path, so reports read the same on every run. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  // Code-unit order, not locale order: the same on every machine.
  const byPath = (a: Finding, b: Finding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || byPath(a, b));
}

/**
 * True when the findings must stop a deployment to `environment`: any `critical` finding blocks a
 * production-level environment. Other levels report findings but are never blocked.
 */
export function blocksDeployment(
  findings: readonly Finding[],
  environment: string,
  level?: EnvironmentLevel,
): boolean {
  if (environmentLevel(environment, level) !== 'production') return false;
  return findings.some((f) => f.severity === 'critical');
}

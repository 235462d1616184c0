export type ValidationCheck = 'config' | 'security' | 'credentials' | 'bundle' | 'migrations';

/** One problem found before deploying. `error` blocks the deployment; `warning` does not. */
export interface ValidationFinding {
  check: ValidationCheck;
  severity: 'error' | 'warning';
  message: string;
  /** Config path or file the finding is about, when there is one. */
  path?: string;
}

export interface ValidationReport {
  ok: boolean;
  findings: ValidationFinding[];
  /** Bytes of the bundle `wrangler deploy --dry-run` produced, when that check ran and passed. */
  bundleBytes?: number;
}

/** Every error code @clodo/deployment raises. */
export const DEPLOYMENT_ERRORS = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  WRANGLER_NOT_FOUND: 'WRANGLER_NOT_FOUND',
  WRANGLER_NODE_UNSUPPORTED: 'WRANGLER_NODE_UNSUPPORTED',
  WRANGLER_FAILED: 'WRANGLER_FAILED',
  WRANGLER_TIMEOUT: 'WRANGLER_TIMEOUT',
  WRANGLER_RATE_LIMITED: 'WRANGLER_RATE_LIMITED',
  WRANGLER_OUTPUT_MISSING: 'WRANGLER_OUTPUT_MISSING',
  API_FAILED: 'API_FAILED',
  CREDENTIALS_MISSING: 'CREDENTIALS_MISSING',
  LOCK_HELD: 'LOCK_HELD',
  HEALTH_CHECK_FAILED: 'HEALTH_CHECK_FAILED',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MIGRATIONS_INCONSISTENT: 'MIGRATIONS_INCONSISTENT',
  BACKUP_FAILED: 'BACKUP_FAILED',
  ROLLBACK_UNAVAILABLE: 'ROLLBACK_UNAVAILABLE',
  AUDIT_WRITE_FAILED: 'AUDIT_WRITE_FAILED',
  TRAFFIC_UNOBSERVABLE: 'TRAFFIC_UNOBSERVABLE',
} as const;

export type DeploymentErrorCode = (typeof DEPLOYMENT_ERRORS)[keyof typeof DEPLOYMENT_ERRORS];

/** A failure with a stable code and a one-line message fit for users (never a secret value). */
export class DeploymentError extends Error {
  readonly code: DeploymentErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: DeploymentErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DeploymentError';
    this.code = code;
    this.details = details;
  }
}

export function isDeploymentError(error: unknown, code?: DeploymentErrorCode): error is DeploymentError {
  return error instanceof DeploymentError && (code === undefined || error.code === code);
}

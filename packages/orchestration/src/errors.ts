/** Every error code @clodo/orchestration raises. */
export const ORCHESTRATION_ERRORS = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  DEPENDENCY_CYCLE: 'DEPENDENCY_CYCLE',
  UNKNOWN_DEPENDENCY: 'UNKNOWN_DEPENDENCY',
  UNKNOWN_CAPABILITY: 'UNKNOWN_CAPABILITY',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  PHASE_FAILED: 'PHASE_FAILED',
  ABORTED: 'ABORTED',
  UNIT_FAILED: 'UNIT_FAILED',
  DEPENDENCY_FAILED: 'DEPENDENCY_FAILED',
  HEALTH_CHECK_FAILED: 'HEALTH_CHECK_FAILED',
  TESTS_FAILED: 'TESTS_FAILED',
  GATE_FAILED: 'GATE_FAILED',
  APPROVAL_REQUIRED: 'APPROVAL_REQUIRED',
  SECURITY_FINDING: 'SECURITY_FINDING',
  CHANGE_FREEZE: 'CHANGE_FREEZE',
  ROLLOUT_THRESHOLD_EXCEEDED: 'ROLLOUT_THRESHOLD_EXCEEDED',
  COMPENSATION_FAILED: 'COMPENSATION_FAILED',
  COMPENSATION_UNKNOWN: 'COMPENSATION_UNKNOWN',
  STATE_NOT_FOUND: 'STATE_NOT_FOUND',
  STATE_INVALID: 'STATE_INVALID',
} as const;

export type OrchestrationErrorCode = (typeof ORCHESTRATION_ERRORS)[keyof typeof ORCHESTRATION_ERRORS];

/** A failure with a stable code and a one-line message fit for users (never a secret value). */
export class OrchestrationError extends Error {
  readonly code: OrchestrationErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: OrchestrationErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'OrchestrationError';
    this.code = code;
    this.details = details;
  }
}

export function isOrchestrationError(
  error: unknown,
  code?: OrchestrationErrorCode,
): error is OrchestrationError {
  return error instanceof OrchestrationError && (code === undefined || error.code === code);
}

/** `{ code?, message }` of any thrown value, without stacks, for results and audit details. */
export interface ErrorSummary {
  code?: string;
  message: string;
  unit?: string;
  phase?: string;
}

export function summarizeError(error: unknown, where: { unit?: string; phase?: string } = {}): ErrorSummary {
  const code =
    error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...(code ? { code } : {}),
    message,
    ...(where.unit ? { unit: where.unit } : {}),
    ...(where.phase ? { phase: where.phase } : {}),
  };
}

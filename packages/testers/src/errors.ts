/** Every error code @clodo/testers raises. */
export const TESTER_ERRORS = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  INVALID_CONFIG: 'INVALID_CONFIG',
  DISCOVERY_FAILED: 'DISCOVERY_FAILED',
  REPORT_WRITE_FAILED: 'REPORT_WRITE_FAILED',
} as const;

export type TesterErrorCode = (typeof TESTER_ERRORS)[keyof typeof TESTER_ERRORS];

/** A failure with a stable code and a one-line message that names the bad field (never a secret). */
export class TesterError extends Error {
  readonly code: TesterErrorCode;
  constructor(code: TesterErrorCode, message: string) {
    super(message);
    this.name = 'TesterError';
    this.code = code;
  }
}

export function isTesterError(error: unknown, code?: TesterErrorCode): error is TesterError {
  return error instanceof TesterError && (code === undefined || error.code === code);
}

export function invalidArgument(field: string, problem: string): TesterError {
  return new TesterError(TESTER_ERRORS.INVALID_ARGUMENT, `${field}: ${problem}`);
}

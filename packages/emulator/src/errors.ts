/** Error codes of @clodo/emulator (its own failures, not the Cloudflare API's numeric codes). */
export const EMULATOR_ERRORS = {
  INVALID_OPTION: 'INVALID_OPTION',
  STATE_DIR_LOCKED: 'STATE_DIR_LOCKED',
  STATE_CORRUPT: 'STATE_CORRUPT',
  RUNTIME_START_FAILED: 'RUNTIME_START_FAILED',
  DAEMON_START_FAILED: 'DAEMON_START_FAILED',
  DAEMON_NOT_RUNNING: 'DAEMON_NOT_RUNNING',
} as const;

export type EmulatorErrorCode = (typeof EMULATOR_ERRORS)[keyof typeof EMULATOR_ERRORS];

export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;
  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
  }
}

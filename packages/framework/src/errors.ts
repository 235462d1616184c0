/** Every error code @clodo/framework's own adapters produce, in one place. Worker-safe: no `node:` imports. */
export const FrameworkErrorCode = {
  /** A module, route or option was declared wrongly; the message names it. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A module name registered twice. */
  DUPLICATE_MODULE: 'DUPLICATE_MODULE',
  /** A module name that was never registered. */
  UNKNOWN_MODULE: 'UNKNOWN_MODULE',
  /** `clodo create` refused or failed; the message is its own. */
  CREATE_FAILED: 'CREATE_FAILED',
  /** The directory to initialise is missing, or already a Clodo service. */
  INIT_REFUSED: 'INIT_REFUSED',
  /** The configuration an initialisation would write does not validate; `problems` lists each path. */
  CONFIG_INVALID: 'CONFIG_INVALID',
} as const;

export type FrameworkErrorCode = (typeof FrameworkErrorCode)[keyof typeof FrameworkErrorCode];

/** A user error from a compatibility adapter: one clear message naming the bad input, a code to branch on. */
export class FrameworkError extends Error {
  readonly code: FrameworkErrorCode;
  readonly problems: readonly { path: string; message: string }[];

  constructor(
    code: FrameworkErrorCode,
    message: string,
    problems: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'FrameworkError';
    this.code = code;
    this.problems = problems;
  }
}

/** Every error code @clodo/config produces, in one place. Worker-safe: no `node:` imports. */
export const ConfigErrorCode = {
  /** The configuration failed validation; `problems` lists every issue with its path. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** No config file was found where one was looked for. */
  CONFIG_NOT_FOUND: 'CONFIG_NOT_FOUND',
  /** A function was called with an argument of the wrong shape; the message names it. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The environment variable that should hold the API token is missing or empty. */
  API_TOKEN_MISSING: 'API_TOKEN_MISSING',
  /** The Cloudflare API answered with an error or something unreadable during discovery. */
  DISCOVERY_FAILED: 'DISCOVERY_FAILED',
} as const;

export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/** One thing wrong with a configuration, located by a path like `services[1].dependsOn[0]`. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** How to fix it, when there is something specific to say. */
  hint?: string;
}

/** Renders problems one per line: `path: message (hint)`. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => `${p.path || '(root)'}: ${p.message}${p.hint ? ` (hint: ${p.hint})` : ''}`)
    .join('\n');
}

/** A user-facing configuration error. The message lists every problem; no values of secrets. */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly problems: readonly ConfigProblem[];

  constructor(code: ConfigErrorCode, problems: readonly ConfigProblem[], summary?: string) {
    const head =
      summary ??
      (problems.length === 1
        ? 'Invalid configuration'
        : `Invalid configuration (${problems.length} problems)`);
    super(problems.length ? `${head}:\n${formatProblems(problems)}` : head);
    this.name = 'ConfigError';
    this.code = code;
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}

export function isConfigError(value: unknown): value is ConfigError {
  return (
    value instanceof ConfigError ||
    (value instanceof Error && value.name === 'ConfigError' && 'problems' in value)
  );
}

/** One wrangler invocation. Secrets travel only in `stdin`, never in `args`. */
export interface WranglerCommand {
  /** Arguments after `wrangler`, e.g. `['deploy', '--config', 'wrangler.json']`. */
  args: readonly string[];
  /** Working directory (the service root, or where the generated config lives). */
  cwd: string;
  /** Written to wrangler's stdin and then closed; the only channel for secret values. */
  stdin?: string;
  /** Overrides the runner's default timeout for this command. */
  timeoutMs?: number;
  /** Values that must never appear in captured output (scrubbed before anything is returned). */
  sensitive?: readonly string[];
}

/** One ND-JSON entry wrangler wrote to `WRANGLER_OUTPUT_FILE_PATH` (`deploy`, `command-failed`, ...). */
export interface WranglerOutputEntry {
  type: string;
  [key: string]: unknown;
}

/** A successful (exit 0) wrangler run. */
export interface WranglerResult {
  stdout: string;
  stderr: string;
  /** Structured entries wrangler wrote to its output file, in order. */
  outputs: WranglerOutputEntry[];
  /** Attempts made, counting retries after rate limiting (1 when the first try succeeded). */
  attempts: number;
  durationMs: number;
}

/**
 * Runs wrangler. Resolves only when wrangler exited 0; otherwise rejects with a `DeploymentError`
 * (`WRANGLER_FAILED` carrying wrangler's own message, `WRANGLER_TIMEOUT`, `WRANGLER_RATE_LIMITED`).
 */
export interface CommandRunner {
  run(command: WranglerCommand): Promise<WranglerResult>;
}

/** Finds the first structured output entry of a type. */
export function findOutput(result: WranglerResult, type: string): WranglerOutputEntry | undefined {
  return result.outputs.find((entry) => entry.type === type);
}

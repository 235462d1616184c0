import { spawn } from 'node:child_process';
import { SecurityError, SecurityErrorCode } from '../errors.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's stdin, then stdin is closed. The only channel for secret values. */
  stdin?: string;
  /** Extra environment variables for this run. */
  env?: Record<string, string>;
}

/** Runs one program (e.g. wrangler) with arguments. Injected so store logic is tested with fakes. */
export interface CommandRunner {
  run(args: string[], options?: RunOptions): Promise<CommandResult>;
}

export interface ProcessRunnerOptions {
  /** Arguments placed before every call's arguments, e.g. `['exec', 'wrangler']` for `pnpm`. */
  baseArgs?: string[];
  cwd?: string;
  /** Base environment (default: the current process environment). */
  env?: Record<string, string | undefined>;
  /** Kill the child after this many milliseconds (default 120 000); the result then has code 124. */
  timeoutMs?: number;
}

/** A `CommandRunner` that spawns `command` without a shell, so arguments are never re-parsed. */
export function createProcessRunner(command: string, options: ProcessRunnerOptions = {}): CommandRunner {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return {
    run(args, runOptions = {}) {
      return new Promise<CommandResult>((resolve, reject) => {
        const child = spawn(command, [...(options.baseArgs ?? []), ...args], {
          cwd: options.cwd,
          env: { ...(options.env ?? process.env), ...runOptions.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
        }, timeoutMs);
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
        });
        child.on('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(
            new SecurityError(
              SecurityErrorCode.SECRET_STORE_FAILED,
              `could not start ${command}: ${error.code ?? error.message}`,
            ),
          );
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          if (timedOut)
            resolve({ code: 124, stdout, stderr: `${stderr}\n${command} timed out after ${timeoutMs} ms` });
          else resolve({ code: code ?? 1, stdout, stderr });
        });
        // A closed pipe (the child exited early) must not crash the parent.
        child.stdin.on('error', () => {});
        child.stdin.end(runOptions.stdin ?? '');
      });
    },
  };
}

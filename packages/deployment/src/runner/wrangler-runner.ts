import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Redactor } from '@clodo/security';
import type { Clock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { assertTarget, type DeploymentTarget, targetProblems } from '../targets/target.js';
import type {
  CommandRunner,
  WranglerCommand,
  WranglerOutputEntry,
  WranglerResult,
} from './command-runner.js';
import { RetryingRunner, type RetryingRunnerOptions, type RetryPolicy } from './retry.js';
import { assertWranglerNode, resolveWranglerCli, WRANGLER_NODE_FLAGS } from './wrangler-bin.js';
import { isRateLimited, parseOutputFile, wranglerErrorMessage } from './wrangler-output.js';

export interface WranglerRunnerOptions {
  target: DeploymentTarget;
  /** Wrangler's isolated home: its config, logs and output files live here, not in the user's home. */
  homeDir: string;
  /** Default per-command timeout (180 s); the process tree is killed when it passes. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL of a timed-out process group (2 s). */
  killGraceMs?: number;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  random?: () => number;
  onRetry?: RetryingRunnerOptions['onRetry'];
  /** Extra environment, e.g. `NODE_EXTRA_CA_CERTS`. Cannot override the credentials. */
  extraEnv?: Readonly<Record<string, string>>;
  /** Search path for tools wrangler starts; defaults to Node's own directory and the system dirs. */
  path?: string;
  /**
   * A different script with wrangler's contract; only for tests. Defaults to the pinned wrangler's
   * CLI module, started directly rather than through `bin/wrangler.js` (which only starts it in a
   * second Node process).
   */
  binPath?: string;
  /** Node binary; defaults to the one running this process. */
  nodePath?: string;
  /** Flags for that Node, before wrangler's script; defaults to {@link WRANGLER_NODE_FLAGS}. */
  nodeFlags?: readonly string[];
  /** Cap on captured stdout/stderr each (4 MiB); the tail beyond it is dropped. */
  maxOutputBytes?: number;
}

interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Spawns the pinned wrangler with Node, without a shell, with an explicit environment built from the
 * target (token, account, API base URL, telemetry off, isolated config dir). Structured results come
 * from wrangler's ND-JSON output file. Rate-limited failures are retried with backoff; any other
 * failure rejects at once with wrangler's own message.
 */
export class WranglerRunner implements CommandRunner {
  readonly target: DeploymentTarget;
  readonly #options: WranglerRunnerOptions;
  readonly #bin: string;
  readonly #retrying: RetryingRunner;

  constructor(options: WranglerRunnerOptions) {
    const problems = targetProblems(options?.target ?? {}).filter((p) =>
      /^target\.(kind|apiBaseUrl)/.test(p),
    );
    if (problems.length > 0)
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, problems.join('; '));
    if (typeof options.homeDir !== 'string' || options.homeDir === '') {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'homeDir: expected a directory path');
    }
    const flags = options.nodeFlags;
    if (flags !== undefined) {
      const bad = Array.isArray(flags)
        ? flags.findIndex((f) => typeof f !== 'string' || !/^--?[a-z]/.test(f))
        : 0;
      if (bad >= 0) {
        throw new DeploymentError(
          DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
          Array.isArray(flags)
            ? `nodeFlags[${bad}]: expected a Node option such as --max-semi-space-size=16`
            : 'nodeFlags: expected an array of Node options',
        );
      }
    }
    this.target = options.target;
    this.#options = options;
    // The pinned wrangler started on this very Node: check its version as wrangler's launcher would.
    if (options.binPath === undefined && options.nodePath === undefined)
      assertWranglerNode(process.versions.node);
    this.#bin = options.binPath ?? resolveWranglerCli();
    this.#retrying = new RetryingRunner(
      { run: (command) => this.#runOnce(command) },
      { policy: options.retry, clock: options.clock, random: options.random, onRetry: options.onRetry },
    );
  }

  run(command: WranglerCommand): Promise<WranglerResult> {
    return this.#retrying.run(command);
  }

  /** The environment wrangler gets; exposed so tests can check exactly what is passed. */
  environment(outputFile: string): Record<string, string> {
    const home = this.#options.homeDir;
    const nodeDir = dirname(this.#options.nodePath ?? process.execPath);
    const env: Record<string, string | undefined> = {
      ...this.#options.extraEnv,
      PATH: this.#options.path ?? [nodeDir, '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      WRANGLER_LOG_PATH: join(home, 'logs'),
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_SEND_ERROR_REPORTS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      WRANGLER_OUTPUT_FILE_PATH: outputFile,
      // Node's on-disk compile cache: each start of wrangler's 15 MB CLI module compiles less.
      NODE_COMPILE_CACHE: join(home, 'cache', 'node-compile'),
      CI: 'true',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      CLOUDFLARE_API_TOKEN: this.target.apiToken,
      CLOUDFLARE_ACCOUNT_ID: this.target.accountId,
      CLOUDFLARE_API_BASE_URL: this.target.apiBaseUrl,
    };
    return Object.fromEntries(
      Object.entries(env).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
      ),
    );
  }

  async #runOnce(command: WranglerCommand): Promise<WranglerResult> {
    // A dry run bundles locally, so preflight can build without credentials; nothing else may.
    if (!command.args.includes('--dry-run') && !command.args.includes('--version')) assertTarget(this.target);
    const sensitive = this.#sensitiveValues(command);
    checkCommand(command, sensitive);
    const outputDir = join(this.#options.homeDir, 'output');
    await mkdir(outputDir, { recursive: true });
    const outputFile = join(outputDir, `${randomUUID()}.ndjson`);
    const timeoutMs = command.timeoutMs ?? this.#options.timeoutMs ?? 180_000;
    try {
      const outcome = await this.#spawn(command, this.environment(outputFile), timeoutMs);
      const outputs = scrubEntries(await readOutputs(outputFile), sensitive);
      const stdout = scrub(outcome.stdout, sensitive);
      const stderr = scrub(outcome.stderr, sensitive);
      const subcommand = describeCommand(command.args);
      if (outcome.timedOut) {
        throw new DeploymentError(
          DEPLOYMENT_ERRORS.WRANGLER_TIMEOUT,
          `wrangler ${subcommand} did not finish within ${timeoutMs} ms and was stopped`,
          { timeoutMs, stdout, stderr },
        );
      }
      if (outcome.exitCode !== 0) {
        const failed = outputs.find((entry) => entry.type === 'command-failed');
        const message =
          wranglerErrorMessage(outputs, stderr, stdout) ??
          `wrangler exited with ${outcome.exitCode ?? outcome.signal}`;
        const details = {
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          wranglerCode: failed?.code,
          retryAfterMs: failed?.retry_after_ms,
          stdout,
          stderr,
        };
        const code = isRateLimited(message, failed?.code)
          ? DEPLOYMENT_ERRORS.WRANGLER_RATE_LIMITED
          : DEPLOYMENT_ERRORS.WRANGLER_FAILED;
        throw new DeploymentError(code, `wrangler ${subcommand} failed: ${message}`, details);
      }
      return { stdout, stderr, outputs, attempts: 1, durationMs: outcome.durationMs };
    } finally {
      await rm(outputFile, { force: true });
    }
  }

  #sensitiveValues(command: WranglerCommand): string[] {
    return [this.target.apiToken ?? '', ...(command.sensitive ?? [])].filter((value) => value.length >= 4);
  }

  #spawn(command: WranglerCommand, env: Record<string, string>, timeoutMs: number): Promise<ProcessOutcome> {
    const started = Date.now();
    const limit = this.#options.maxOutputBytes ?? 4 * 1024 * 1024;
    const grace = this.#options.killGraceMs ?? 2000;
    return new Promise((resolve, reject) => {
      // Own process group (detached) so a timeout kills wrangler and everything it started.
      const node = this.#options.nodePath ?? process.execPath;
      const flags = this.#options.nodeFlags ?? WRANGLER_NODE_FLAGS;
      const child = spawn(node, [...flags, this.#bin, ...command.args], {
        cwd: command.cwd,
        env,
        shell: false,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let killTimer: NodeJS.Timeout | undefined;
      const killGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, signal);
        } catch {
          // Already gone.
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup('SIGTERM');
        killTimer = setTimeout(() => killGroup('SIGKILL'), grace);
      }, timeoutMs);
      const clear = () => {
        clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
      };
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout.length < limit) stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < limit) stderr += chunk;
      });
      child.on('error', (error) => {
        clear();
        reject(
          new DeploymentError(
            DEPLOYMENT_ERRORS.WRANGLER_NOT_FOUND,
            `could not start wrangler: ${error.message}`,
          ),
        );
      });
      child.on('close', (exitCode, signal) => {
        clear();
        // A timed-out wrangler may leave children in its group; make sure they are gone too.
        if (timedOut) killGroup('SIGKILL');
        resolve({ exitCode, signal, stdout, stderr, timedOut, durationMs: Date.now() - started });
      });
      child.stdin.on('error', () => {
        // wrangler may exit before reading stdin; its exit code tells what happened.
      });
      child.stdin.end(command.stdin ?? '');
    });
  }
}

/** `deploy`, `d1 migrations apply`: the leading command words, never values. */
function describeCommand(args: readonly string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (!/^[a-z][a-z0-9-]*$/.test(arg) || words.length === 3) break;
    words.push(arg);
  }
  return words.join(' ') || 'command';
}

function checkCommand(command: WranglerCommand, sensitive: readonly string[]): void {
  if (!Array.isArray(command.args) || command.args.some((arg) => typeof arg !== 'string')) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      'command.args: expected an array of strings',
    );
  }
  if (typeof command.cwd !== 'string' || command.cwd === '') {
    throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'command.cwd: expected a directory path');
  }
  command.args.forEach((arg, index) => {
    if (sensitive.some((value) => arg.includes(value))) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `command.args[${index}]: contains a secret value; secrets go on stdin only`,
      );
    }
  });
}

async function readOutputs(file: string): Promise<WranglerOutputEntry[]> {
  try {
    return parseOutputFile(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
}

/** Colour codes removed (wrangler colours some output whatever the environment says), secrets masked. */
function scrub(text: string, sensitive: readonly string[]): string {
  return new Redactor({ secrets: sensitive }).redactString(stripVTControlCharacters(text));
}

function scrubEntries(entries: WranglerOutputEntry[], sensitive: readonly string[]): WranglerOutputEntry[] {
  const redactor = new Redactor({ secrets: sensitive });
  return entries.map((entry) => redactor.redact(entry));
}

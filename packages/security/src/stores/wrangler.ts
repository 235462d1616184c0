import { SecurityError, SecurityErrorCode } from '../errors.js';
import { Redactor } from '../redaction/redactor.js';
import type { CommandResult, CommandRunner } from './command-runner.js';
import { assertSecretName, assertSecretValue, type SecretStore } from './secret-store.js';

export interface WranglerSecretStoreOptions {
  /** Runs wrangler; `args` start after the program name (e.g. `['secret', 'list']`). */
  runner: CommandRunner;
  /** Wrangler environment (`--env`). */
  environment?: string;
  /** Worker name (`--name`), when it differs from the wrangler config. */
  workerName?: string;
  /** Wrangler config file (`--config`). */
  configPath?: string;
  /** Extra environment for wrangler (account id, API token from the configured source). */
  env?: Record<string, string>;
}

/**
 * The secrets of a deployed Worker, managed through wrangler. Values travel only on wrangler's stdin
 * (`secret put NAME`, `secret bulk` with JSON), never in arguments; wrangler output is redacted before it
 * reaches an error message.
 */
export class WranglerSecretStore implements SecretStore {
  readonly #options: WranglerSecretStoreOptions;
  readonly #redactor = new Redactor();

  constructor(options: WranglerSecretStoreOptions) {
    if (!options || typeof options.runner?.run !== 'function') {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        'WranglerSecretStore: options.runner must be a CommandRunner ({ run(args, options) })',
      );
    }
    this.#options = options;
  }

  async list(): Promise<string[]> {
    const result = await this.#run(['secret', 'list', '--format', 'json'], undefined, 'list secrets');
    const parsed = parseSecretList(result.stdout);
    if (!parsed) {
      throw new SecurityError(
        SecurityErrorCode.SECRET_STORE_FAILED,
        'wrangler secret list did not print a JSON list of secrets',
      );
    }
    return parsed.sort();
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(name, value);
    this.#redactor.add(value);
    if (/\s$/.test(value)) {
      // `secret put` trims trailing whitespace from stdin; bulk JSON keeps the value exact.
      await this.setMany({ [name]: value });
      return;
    }
    await this.#run(['secret', 'put', name], value, `set secret ${name}`);
  }

  async setMany(entries: Record<string, string>): Promise<void> {
    const names = Object.keys(entries);
    for (const name of names) {
      assertSecretName(name, 'secret name');
      assertSecretValue(name, entries[name]);
      this.#redactor.add(entries[name]);
    }
    if (names.length === 0) return;
    if (names.length > 100) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        `setMany: wrangler accepts at most 100 secrets per bulk upload (got ${names.length})`,
      );
    }
    await this.#run(['secret', 'bulk'], JSON.stringify(entries), `set secrets ${names.join(', ')}`);
  }

  async delete(name: string): Promise<void> {
    assertSecretName(name);
    await this.#run(['secret', 'delete', name], undefined, `delete secret ${name}`);
  }

  async #run(args: string[], stdin: string | undefined, action: string): Promise<CommandResult> {
    const { environment, workerName, configPath, env, runner } = this.#options;
    const full = [...args];
    if (environment) full.push('--env', environment);
    if (workerName) full.push('--name', workerName);
    if (configPath) full.push('--config', configPath);
    const result = await runner.run(full, {
      // Empty stdin still closes the pipe, so wrangler never waits for input.
      stdin: stdin ?? '',
      // No banner: it triggers an npm update check, a network call per operation.
      env: { WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', ...env },
    });
    if (result.code !== 0) {
      const detail = lastLines(this.#redactor.redactString(`${result.stderr}\n${result.stdout}`));
      throw new SecurityError(
        SecurityErrorCode.SECRET_STORE_FAILED,
        `wrangler could not ${action} (exit ${result.code})${detail ? `: ${detail}` : ''}`,
      );
    }
    return result;
  }
}

function parseSecretList(stdout: string): string[] | undefined {
  // Wrangler may print notices before the JSON; take the outermost array.
  const start = stdout.indexOf('[');
  const end = stdout.lastIndexOf(']');
  if (start === -1 || end < start) return undefined;
  try {
    const list = JSON.parse(stdout.slice(start, end + 1)) as unknown;
    if (!Array.isArray(list)) return undefined;
    const names = list.map((item) =>
      item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined,
    );
    return names.every((n): n is string => typeof n === 'string') ? names : undefined;
  } catch {
    return undefined;
  }
}

/** The few lines of wrangler output that explain a failure: from the first error line, else the last lines. */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    // Strip ANSI colour codes, decorative rules and the pointer to wrangler's own log file.
    .map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').trim())
    .filter((l) => l.length > 0 && !/^[─-]+$/.test(l) && !/Logs were written to/.test(l));
  const firstError = lines.findIndex((l) => /\[ERROR\]/.test(l));
  const picked = firstError === -1 ? lines.slice(-3) : lines.slice(firstError, firstError + 3);
  return picked.join(' | ').slice(0, 500);
}

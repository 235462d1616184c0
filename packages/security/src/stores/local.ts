import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SecurityError, SecurityErrorCode } from '../errors.js';
import { type DotenvSegment, dotenvValues, parseDotenv, serializeDotenv } from './dotenv.js';
import { type GitIgnoreCheck, gitCheckIgnore } from './git-ignore.js';
import { assertSecretName, assertSecretValue, type SecretStore } from './secret-store.js';

export interface LocalSecretStoreOptions {
  /** The secrets file, usually `<service>/.dev.vars`. */
  path: string;
  /** Receives warnings (file not ignored by git, loose permissions). Default: `console.warn`. */
  warn?: (message: string) => void;
  /** How to ask whether git ignores the file (default: `git check-ignore`). */
  isGitIgnored?: GitIgnoreCheck;
}

/**
 * Secrets in a dotenv file that wrangler and the emulator read in development. The file is created with
 * mode 0600 and every write is atomic (temporary file + rename), so a crash never leaves half a file.
 */
export class LocalSecretStore implements SecretStore {
  readonly path: string;
  readonly #warn: (message: string) => void;
  readonly #isGitIgnored: GitIgnoreCheck;
  #checkedGit = false;
  #checkedMode = false;
  // Operations on one store run one after another, so concurrent sets cannot lose each other's writes.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalSecretStoreOptions) {
    if (!options || typeof options.path !== 'string' || options.path.length === 0) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        'LocalSecretStore: options.path must be a file path',
      );
    }
    this.path = options.path;
    this.#warn = options.warn ?? ((message) => console.warn(message));
    this.#isGitIgnored = options.isGitIgnored ?? gitCheckIgnore;
  }

  list(): Promise<string[]> {
    return this.#serial(async () => [...dotenvValues(await this.#read()).keys()].sort());
  }

  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    return this.#serial(async () => dotenvValues(await this.#read()).get(name));
  }

  async set(name: string, value: string): Promise<void> {
    return this.setMany({ [name]: value });
  }

  async setMany(entries: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(entries)) {
      assertSecretName(name, 'secret name');
      assertSecretValue(name, value);
    }
    return this.#serial(async () => {
      const segments = await this.#read();
      for (const [name, value] of Object.entries(entries)) upsert(segments, name, value);
      await this.#write(segments);
    });
  }

  async delete(name: string): Promise<void> {
    assertSecretName(name);
    return this.#serial(async () => {
      const segments = await this.#read();
      const kept = segments.filter((s) => s.kind !== 'entry' || s.name !== name);
      if (kept.length !== segments.length) await this.#write(kept);
    });
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(operation, operation);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #read(): Promise<DotenvSegment[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fsError('read', this.path, error);
    }
    if (!this.#checkedMode) {
      this.#checkedMode = true;
      const { mode } = await stat(this.path);
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        this.#warn(
          `${this.path} is readable by other users (mode ${(mode & 0o777).toString(8)}); ` +
            'it will be rewritten with mode 600 on the next change, or run chmod 600 now',
        );
      }
    }
    return parseDotenv(text, this.path);
  }

  async #write(segments: DotenvSegment[]): Promise<void> {
    const text = serializeDotenv(segments);
    const temp = join(dirname(this.path), `.${randomBytes(6).toString('hex')}.clodo-tmp`);
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(temp, 'wx', 0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      await handle.close();
      handle = undefined;
      // The umask may have narrowed the mode further, never widened it; make it exactly 0600.
      await chmod(temp, 0o600);
      await rename(temp, this.path);
    } catch (error) {
      await handle?.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw fsError('write', this.path, error);
    }
    await this.#checkGitIgnore();
  }

  async #checkGitIgnore(): Promise<void> {
    if (this.#checkedGit) return;
    this.#checkedGit = true;
    if ((await this.#isGitIgnored(this.path)) === false) {
      this.#warn(`${this.path} is not ignored by git; add it to .gitignore so secrets are never committed`);
    }
  }
}

function upsert(segments: DotenvSegment[], name: string, value: string): void {
  let last = -1;
  segments.forEach((s, i) => {
    if (s.kind === 'entry' && s.name === name) last = i;
  });
  if (last === -1) {
    segments.push({ kind: 'entry', name, value });
    return;
  }
  segments[last] = { kind: 'entry', name, value };
  // Earlier duplicates would be dead lines that look live; drop them.
  for (let i = last - 1; i >= 0; i--) {
    const s = segments[i]!;
    if (s.kind === 'entry' && s.name === name) segments.splice(i, 1);
  }
}

function fsError(action: 'read' | 'write', path: string, error: unknown): SecurityError {
  if (error instanceof SecurityError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new SecurityError(SecurityErrorCode.SECRET_STORE_FAILED, `could not ${action} ${path}: ${code}`);
}

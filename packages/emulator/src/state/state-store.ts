import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EMULATOR_ERRORS, EmulatorError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { type AccountState, emptyState, type ModuleRecord } from './model.js';

/**
 * Persists the account state under `stateDir`: `state.json` (mode 0600, it holds secret values)
 * and each version's module files under `versions/<id>/`.
 */
export class StateStore {
  readonly stateDir: string;
  #state: AccountState = emptyState();
  #writes: Promise<unknown> = Promise.resolve();

  private constructor(stateDir: string) {
    this.stateDir = stateDir;
  }

  static async open(stateDir: string): Promise<StateStore> {
    const store = new StateStore(stateDir);
    await mkdir(stateDir, { recursive: true });
    let text: string | undefined;
    try {
      text = await readFile(store.#file(), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      try {
        store.#state = { ...emptyState(), ...(JSON.parse(text) as AccountState) };
      } catch (error) {
        throw new EmulatorError(
          EMULATOR_ERRORS.STATE_CORRUPT,
          `state file ${store.#file()} is not valid JSON`,
          { cause: error },
        );
      }
    }
    return store;
  }

  get state(): AccountState {
    return this.#state;
  }

  /**
   * Apply a change to a copy and persist it; the live state changes only once it is on disk.
   * Updates run one at a time so concurrent callers never overwrite each other's changes.
   */
  update<T>(change: (draft: AccountState) => T): Promise<T> {
    return this.#inTurn(async () => {
      const draft = structuredClone(this.#state);
      const result = change(draft);
      await writeFileAtomic(this.#file(), JSON.stringify(draft, null, 2));
      this.#state = draft;
      return result;
    });
  }

  /** Replace the live state. */
  replace(state: AccountState): Promise<void> {
    return this.#inTurn(async () => {
      await writeFileAtomic(this.#file(), JSON.stringify(state, null, 2));
      this.#state = state;
    });
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(work, work);
    this.#writes = run.catch(() => {});
    return run;
  }

  moduleDir(versionId: string): string {
    return join(this.stateDir, 'versions', versionId);
  }

  async writeModules(
    versionId: string,
    modules: { name: string; contentType: string; data: Uint8Array }[],
  ): Promise<ModuleRecord[]> {
    const dir = this.moduleDir(versionId);
    await mkdir(dir, { recursive: true });
    const records: ModuleRecord[] = [];
    for (const module of modules) {
      // Module names may contain folders; they are kept verbatim for workerd but must stay inside.
      const file = module.name;
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFileAtomic(join(dir, file), module.data, 0o644);
      records.push({ name: module.name, contentType: module.contentType, file });
    }
    return records;
  }

  async copyModules(fromVersionId: string, toVersionId: string): Promise<void> {
    await cp(this.moduleDir(fromVersionId), this.moduleDir(toVersionId), { recursive: true });
  }

  async readModule(versionId: string, file: string): Promise<Buffer> {
    return readFile(join(this.moduleDir(versionId), file));
  }

  /** workerd's D1, KV and R2 data: the same files whichever generation runs. */
  get resourcesDir(): string {
    return join(this.stateDir, 'resources');
  }

  #file(): string {
    return join(this.stateDir, 'state.json');
  }
}

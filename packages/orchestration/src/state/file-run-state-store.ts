import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { RunState, RunStateStore } from './run-state.js';

const SAFE_ID = /^[A-Za-z0-9._-]+$/;

/** One JSON file per run under `dir` (usually `<projectRoot>/.clodo/runs`), written atomically. */
export class FileRunStateStore implements RunStateStore {
  readonly #dir: string;
  #counter = 0;

  constructor(dir: string) {
    if (typeof dir !== 'string' || dir === '') {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'dir: expected a non-empty path');
    }
    this.#dir = dir;
  }

  pathOf(deploymentId: string): string {
    if (!SAFE_ID.test(deploymentId)) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `deploymentId: "${deploymentId}" may only contain letters, digits, ".", "_" and "-"`,
      );
    }
    return join(this.#dir, `${deploymentId}.json`);
  }

  async save(state: RunState): Promise<void> {
    const path = this.pathOf(state.deploymentId);
    await mkdir(this.#dir, { recursive: true });
    const temp = `${path}.${process.pid}.${++this.#counter}.tmp`;
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { flush: true });
    await rename(temp, path);
  }

  async load(deploymentId: string): Promise<RunState | undefined> {
    const path = this.pathOf(deploymentId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let state: RunState;
    try {
      state = JSON.parse(text) as RunState;
    } catch {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.STATE_INVALID, `${path}: not valid JSON`);
    }
    if (state?.version !== 1 || state.deploymentId !== deploymentId || !Array.isArray(state.units)) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.STATE_INVALID, `${path}: not a Clodo run state`);
    }
    return state;
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountState, DeploymentRecord, ScriptRecord, VersionRecord } from '../state/model.js';
import type { StateStore } from '../state/state-store.js';
import type { WorkerRuntime } from '../runtime/worker-runtime.js';
import { activeDeployments } from '../runtime/worker-runtime.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { Rollout } from './rollout.js';

/** What route handlers share: the stored account and the runtime serving it. */
export class Account {
  readonly store: StateStore;
  readonly runtime: WorkerRuntime;
  readonly now: () => Date;
  readonly #rollout: Rollout;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(store: StateStore, runtime: WorkerRuntime, now: () => Date = () => new Date()) {
    this.store = store;
    this.runtime = runtime;
    this.now = now;
    this.#rollout = new Rollout(store, runtime);
  }

  get state(): AccountState {
    return this.store.state;
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  /**
   * Run state changes one at a time, in arrival order. `activate` lets the next change in while
   * its own waits for workerd, so changes to different workers can go live together.
   */
  serialize<T>(work: () => Promise<T>): Promise<T> {
    let release = () => {};
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = this.#queue.then(() => {
      this.#release = release;
      return work();
    });
    run.then(release, release);
    this.#queue = turn;
    return run;
  }

  /**
   * Make a change that alters what runs; resolves with its result once workerd runs it. If
   * workerd refuses it (a script that throws at start-up, say) nothing is stored and the caller
   * gets the error. Call it inside `serialize`: the change is computed from the state it validated.
   * `script` names the worker the change is for (see {@link Account.expectDeployment}).
   */
  async activate<T>(change: (draft: AccountState) => T, script?: string): Promise<T> {
    const live = this.#rollout.submit(change, script);
    const release = this.#release;
    this.#release = undefined;
    release?.();
    try {
      return await live;
    } catch (error) {
      throw new CfApiError(400, CF_CODES.VALIDATION, (error as Error).message);
    }
  }

  /**
   * A version of `script` was uploaded without being deployed; a change about to go live waits
   * briefly for its deployment so both share one workerd start.
   */
  expectDeployment(script: string): void {
    this.#rollout.expectDeployment(script);
  }

  /** Wait until workerd runs the stored state (after changes that bypass `activate`). */
  async refresh(): Promise<void> {
    await this.#rollout.submit(() => undefined);
  }

  /** Resolves once no deployment change is on its way to workerd. */
  idle(): Promise<void> {
    return this.#rollout.idle();
  }

  /** Generations started for deployment changes since the emulator started. */
  get generationsStarted(): number {
    return this.#rollout.generationsStarted;
  }

  requireScript(name: string): ScriptRecord {
    const script = this.state.scripts[name];
    if (!script) {
      throw new CfApiError(
        404,
        CF_CODES.SCRIPT_NOT_FOUND,
        'This Worker does not exist on your account. [workers.api.error.script_not_found]',
      );
    }
    return script;
  }

  activeDeployment(script: string): DeploymentRecord | undefined {
    return activeDeployments(this.state).get(script);
  }

  /** The version taking most traffic now, else the newest uploaded one. */
  currentVersion(script: string, state: AccountState = this.state): VersionRecord | undefined {
    const deployment = activeDeployments(state).get(script);
    if (deployment) {
      const main = [...deployment.versions].sort((a, b) => b.percentage - a.percentage)[0];
      if (main) return state.versions[main.version_id];
    }
    return versionsOf(state, script).at(-1);
  }
}

/** Versions of a script, oldest first. */
export function versionsOf(state: AccountState, script: string): VersionRecord[] {
  return Object.values(state.versions)
    .filter((v) => v.script === script)
    .sort((a, b) => a.number - b.number);
}

export function newTag(): string {
  return randomBytes(16).toString('hex');
}

export function newId(): string {
  return randomUUID();
}

/** Add a deployment to a draft state. */
export function addDeployment(
  draft: AccountState,
  script: string,
  versions: { version_id: string; percentage: number }[],
  createdOn: string,
  annotations: Record<string, string>,
): DeploymentRecord {
  const deployment: DeploymentRecord = {
    id: newId(),
    script,
    createdOn,
    source: 'wrangler',
    strategy: 'percentage',
    versions,
    annotations,
  };
  draft.deployments.push(deployment);
  const record = draft.scripts[script];
  if (record) record.modifiedOn = createdOn;
  return deployment;
}

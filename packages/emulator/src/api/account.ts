import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountState, DeploymentRecord, VersionRecord } from '../state/model.js';
import type { StateStore } from '../state/state-store.js';
import type { WorkerRuntime } from '../runtime/worker-runtime.js';
import { activeDeployments } from '../runtime/worker-runtime.js';
import { CF_CODES, CfApiError } from './envelope.js';

/** What route handlers share: the stored account and the runtime serving it. */
export class Account {
  readonly store: StateStore;
  readonly runtime: WorkerRuntime;
  readonly now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: StateStore, runtime: WorkerRuntime, now: () => Date = () => new Date()) {
    this.store = store;
    this.runtime = runtime;
    this.now = now;
  }

  get state(): AccountState {
    return this.store.state;
  }

  timestamp(): string {
    return this.now().toISOString();
  }

  /** Run state changes one at a time, in arrival order. */
  serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Persist a change that alters what runs, then start it in workerd. If workerd refuses it
   * (a script that throws at start-up, say) the change is undone and the caller gets the error.
   */
  async activate<T>(change: (draft: AccountState) => T): Promise<T> {
    const before = this.store.state;
    const result = await this.store.update(change);
    try {
      await this.runtime.apply(this.store.state);
    } catch (error) {
      await this.store.replace(before);
      throw new CfApiError(400, CF_CODES.VALIDATION, (error as Error).message);
    }
    const ports = this.runtime.ports();
    const changed = [...ports].some(([name, port]) => this.state.scripts[name]?.port !== port);
    if (changed) {
      await this.store.update((draft) => {
        for (const [name, port] of ports) {
          const script = draft.scripts[name];
          if (script) script.port = port;
        }
      });
    }
    return result;
  }

  requireScript(name: string) {
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

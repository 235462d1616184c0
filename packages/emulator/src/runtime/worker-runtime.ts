import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { EMULATOR_ERRORS, EmulatorError } from '../errors.js';
import type { AccountState, DeploymentRecord } from '../state/model.js';
import type { StateStore } from '../state/state-store.js';
import { FrontDoor } from './front-door.js';
import { Generation, type GenerationSpec, type Route } from './generation.js';
import { TrafficLog, type VersionTraffic } from './traffic-log.js';
import { workerdName, workerOptionsFor } from './worker-options.js';

export interface RunningWorker {
  name: string;
  url: string;
  versionId: string;
}

/** Latest deployment of each script (deployments are stored oldest first). */
export function activeDeployments(state: AccountState): Map<string, DeploymentRecord> {
  const active = new Map<string, DeploymentRecord>();
  for (const deployment of state.deployments) active.set(deployment.script, deployment);
  return active;
}

/** Runs the active deployments of an account in workerd, one loopback front door per worker. */
export class WorkerRuntime {
  readonly #store: StateStore;
  readonly #doors = new Map<string, FrontDoor>();
  readonly #traffic = new TrafficLog();
  #current: Generation | undefined;
  #logStream: WriteStream | undefined;

  constructor(store: StateStore) {
    this.#store = store;
  }

  /** Worker output goes to `<stateDir>/workers.log`, one line per message. */
  #log(level: string, message: string): void {
    this.#logStream ??= createWriteStream(join(this.#store.stateDir, 'workers.log'), {
      flags: 'a',
      mode: 0o600,
    });
    this.#logStream.write(`${new Date().toISOString()} ${level} ${message.replace(/\n/g, '\n  ')}\n`);
  }

  /** Start a generation for `state`; on success it takes all new requests, else nothing changes. */
  async apply(state: AccountState): Promise<void> {
    const spec = this.#spec(state);
    let next: Generation;
    try {
      next = await Generation.start(spec);
    } catch (error) {
      throw new EmulatorError(
        EMULATOR_ERRORS.RUNTIME_START_FAILED,
        `workerd could not start the deployed workers: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const previous = this.#current;
    this.#current = next;
    for (const script of spec.routes.keys()) {
      if (!this.#doors.has(script)) {
        const door = await FrontDoor.open(
          script,
          state.scripts[script]?.port,
          () => this.#current,
          (name, versionId, status) => this.#traffic.record(name, versionId, status),
        );
        this.#doors.set(script, door);
      }
    }
    for (const [script, door] of this.#doors) {
      if (!spec.routes.has(script)) {
        this.#doors.delete(script);
        void door.close(true).catch(() => {});
      }
    }
    if (previous) void previous.retire().catch(() => {});
  }

  get generation(): Generation | undefined {
    return this.#current;
  }

  /** Ports in use per worker, to remember across restarts. */
  ports(): Map<string, number> {
    return new Map([...this.#doors].map(([name, door]) => [name, door.port]));
  }

  workers(): RunningWorker[] {
    const out: RunningWorker[] = [];
    for (const [name, door] of this.#doors) {
      const versionId = door.currentVersionId();
      if (versionId) out.push({ name, url: door.url, versionId });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Requests each version of a worker answered since the emulator started. */
  traffic(name: string): VersionTraffic[] {
    return this.#traffic.snapshot(name);
  }

  workerUrl(name: string): string | undefined {
    const door = this.#doors.get(name);
    return door?.currentVersionId() ? door.url : undefined;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#doors.values()].map((door) => door.close()));
    this.#doors.clear();
    const current = this.#current;
    this.#current = undefined;
    await current?.retire(0);
    const stream = this.#logStream;
    this.#logStream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  #spec(state: AccountState): GenerationSpec {
    const active = activeDeployments(state);
    const routes = new Map<string, Route[]>();
    for (const [script, deployment] of active) {
      routes.set(
        script,
        deployment.versions.map((v) => ({
          versionId: v.version_id,
          percentage: v.percentage,
          workerdName: workerdName({ script, id: v.version_id }),
        })),
      );
    }
    const resolveService = (script: string) => {
      const scriptRoutes = routes.get(script);
      if (!scriptRoutes || scriptRoutes.length === 0) return undefined;
      return [...scriptRoutes].sort((a, b) => b.percentage - a.percentage)[0]?.workerdName;
    };
    const missingService = (script: string) => () =>
      new Response(`Service binding target "${script}" is not deployed on this emulator.`, {
        status: 503,
      });
    const workers = [];
    for (const scriptRoutes of routes.values()) {
      for (const route of scriptRoutes) {
        const version = state.versions[route.versionId];
        if (!version) continue;
        workers.push(
          workerOptionsFor(version, this.#store.moduleDir(version.id), resolveService, missingService),
        );
      }
    }
    const d1Bindings = new Map(state.d1.map((db, i) => [db.uuid, `D1_${i}`] as [string, string]));
    const kvBindings = new Map(state.kv.map((ns, i) => [ns.id, `KV_${i}`] as [string, string]));
    return {
      workers,
      routes,
      d1Bindings,
      kvBindings,
      persistDir: this.#store.resourcesDir,
      onLog: (level, message) => this.#log(level, message),
    };
  }
}

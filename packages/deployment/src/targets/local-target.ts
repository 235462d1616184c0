import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { DeploymentTarget, VersionTrafficCount } from './target.js';

/** What `@clodo/emulator`'s `startEmulator` returns (the subset this package uses). */
export interface RunningEmulator {
  apiBaseUrl: string;
  accountId: string;
  apiToken: string;
  /** Loopback URL of a worker with an active deployment. */
  workerUrl(name: string): string | undefined;
  /** Per-version traffic counters (emulators that lack it are asked over HTTP). */
  traffic?(name: string): VersionTrafficCount[];
  stop(): Promise<void>;
}

export interface LocalTargetOptions {
  /** Where the emulator keeps scripts, versions, D1 data and secrets between runs. */
  stateDir: string;
  /** Loopback port for its API (0 or omitted: any free port). */
  port?: number;
}

/** The local target: the emulator, started on demand, stopped with `stop()`. */
export interface LocalTarget extends DeploymentTarget {
  kind: 'local';
  workerUrl: (workerName: string) => string | undefined;
  traffic: (workerName: string) => Promise<VersionTrafficCount[]>;
  stop(): Promise<void>;
}

type StartEmulator = (options: { port?: number; stateDir: string }) => Promise<RunningEmulator>;

/**
 * Starts `@clodo/emulator` on loopback and returns a target pointing wrangler and the API client at
 * it. Loaded lazily so commands that never deploy locally do not pay for Miniflare.
 */
export async function startLocalTarget(options: LocalTargetOptions): Promise<LocalTarget> {
  if (typeof options?.stateDir !== 'string' || options.stateDir === '') {
    throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'stateDir: expected a directory path');
  }
  const module = (await import('@clodo/emulator')) as { startEmulator?: StartEmulator };
  if (typeof module.startEmulator !== 'function') {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      'the installed @clodo/emulator does not export startEmulator; install a matching version',
    );
  }
  const emulator = await module.startEmulator({ port: options.port ?? 0, stateDir: options.stateDir });
  return localTarget(emulator);
}

/** A target for an emulator that is already running (e.g. `clodo emulator start`). */
export function localTarget(emulator: RunningEmulator): LocalTarget {
  return {
    kind: 'local',
    apiBaseUrl: emulator.apiBaseUrl,
    accountId: emulator.accountId,
    apiToken: emulator.apiToken,
    workerUrl: (name) => emulator.workerUrl(name),
    traffic: async (name) =>
      typeof emulator.traffic === 'function'
        ? emulator.traffic(name).map(countOf)
        : emulatorTraffic(emulator.apiBaseUrl)(name),
    stop: () => emulator.stop(),
  };
}

/**
 * Reads per-version traffic counters from an emulator in another process (e.g. the daemon behind
 * `clodo emulator start`), for a target's `traffic` field.
 */
export function emulatorTraffic(apiBaseUrl: string): (workerName: string) => Promise<VersionTrafficCount[]> {
  const origin = apiBaseUrl.replace(/\/client\/v4\/?$/, '');
  return async (name) => {
    const response = await fetch(`${origin}/__clodo/traffic/${encodeURIComponent(name)}`);
    if (!response.ok) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.TRAFFIC_UNOBSERVABLE,
        `the emulator at ${origin} answered ${response.status} for the traffic of ${name}`,
      );
    }
    return ((await response.json()) as VersionTrafficCount[]).map(countOf);
  };
}

function countOf(entry: VersionTrafficCount): VersionTrafficCount {
  return { versionId: entry.versionId, requests: entry.requests, errors: entry.errors };
}

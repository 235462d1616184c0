import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDeploymentToolkit,
  type DeploymentToolkit,
  type LocalTarget,
  localTarget,
} from '@clodo/deployment';
import { type Emulator, type RequestLogEntry, startEmulator } from '@clodo/emulator';
import type { UnitDeployment } from '../../adapters/deployment-toolkit-steps.js';
import type { DeploymentUnit } from '../../ports/deployment-unit.js';

const fixtures = fileURLToPath(new URL('../../adapters/__fixtures__', import.meta.url));

export interface ReleaseSpec {
  release: string;
  /** Bundles a module that does not exist: wrangler refuses it, so the deploy really fails. */
  broken?: boolean;
  /** Every path but /health answers 500. */
  errors?: boolean;
}

/**
 * A throwaway project of small services deployed by the real wrangler to an emulator started in
 * this process; end-to-end tests read what happened from the emulator's side.
 */
export interface EmulatorProject {
  root: string;
  emulator: Emulator;
  target: LocalTarget;
  kit: DeploymentToolkit;
  workerName(service: string): string;
  writeService(service: string, spec: ReleaseSpec): Promise<void>;
  resolve(unit: DeploymentUnit): UnitDeployment;
  /** The version a worker's latest deployment serves at 100 %, read through the REST API. */
  liveVersion(service: string): Promise<string | undefined>;
  /** GET a worker path through its loopback URL. */
  get(service: string, path?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** API requests naming a worker that arrived in [since, until], oldest first. */
  requestsFor(service: string, since?: number, until?: number): RequestLogEntry[];
  close(): Promise<void>;
}

export async function startEmulatorProject(prefix: string): Promise<EmulatorProject> {
  const root = await mkdtemp(join(tmpdir(), `clodo-orch-${prefix}-`));
  const emulator = await startEmulator({ stateDir: join(root, '.clodo', 'emulator') });
  const target = localTarget(emulator);
  const kit = createDeploymentToolkit({
    target,
    projectRoot: root,
    timeoutMs: 90_000,
    health: { attempts: 3, initialDelayMs: 200 },
  });
  const workerName = (service: string) => `${service}-e2e`;
  const dirOf = (service: string) => join(root, 'services', service);
  return {
    root,
    emulator,
    target,
    kit,
    workerName,
    async writeService(service, spec) {
      const dir = dirOf(service);
      await mkdir(dir, { recursive: true });
      await cp(join(fixtures, 'worker.js'), join(dir, 'worker.js'));
      await cp(join(fixtures, 'broken.js'), join(dir, 'broken.js'));
      await writeFile(
        join(dir, 'wrangler.json'),
        JSON.stringify({
          name: workerName(service),
          main: spec.broken ? 'broken.js' : 'worker.js',
          compatibility_date: '2025-01-01',
          workers_dev: true,
          vars: { RELEASE: spec.release, SERVICE: service, ERRORS: spec.errors ? 'on' : 'off' },
        }),
      );
    },
    resolve: (unit) => ({
      workerName: workerName(unit.service),
      configPath: 'wrangler.json',
      cwd: dirOf(unit.service),
    }),
    async liveVersion(service) {
      const [latest] = await kit.api.listDeployments(workerName(service));
      return latest?.versions.find((v) => v.percentage === 100)?.versionId;
    },
    async get(service, path = '/') {
      const url = emulator.workerUrl(workerName(service));
      if (!url) throw new Error(`${workerName(service)} has no loopback URL`);
      const response = await fetch(`${url}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    requestsFor(service, since = 0, until = Number.POSITIVE_INFINITY) {
      const name = new RegExp(`/(scripts|services|workers)/${workerName(service)}(/|$)`);
      return emulator
        .requestLog()
        .filter((e) => e.startedAt >= since && e.startedAt <= until && name.test(e.path));
    },
    async close() {
      await emulator.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

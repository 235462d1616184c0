/**
 * Where a command deploys: `--target local|cloudflare` (default: the environment's configured target) resolved to a DeploymentTarget
 * and a @clodo/deployment toolkit for a loaded project, plus the per-unit generated wrangler config.
 *
 *   const project = await loadProject(io.cwd, options.config);
 *   const deployTo = await openTarget(project, { target: options.target, environment: 'development', env: io.env });
 *   const unit = await writeUnitWranglerConfig(project, { service: 'api', environment: 'development' }, deployTo.target);
 *   await deployTo.toolkit.migrator.migrate({ context, databaseName: unit.databaseName!, configPath: unit.configPath, cwd: unit.cwd });
 *   const url = await deployTo.workerUrl(unit.workerName); // loopback URL locally, undefined on Cloudflare
 *
 * local: the emulator daemon serving `<root>/.clodo/emulator` must already run; it is never started
 * here, so no command leaves a background process behind (the error says `clodo emulator start`).
 * cloudflare: the token comes from the environment variable named by `account.apiTokenEnv`, never argv.
 */
import { join } from 'node:path';
import type { ClodoConfig, UnitRef } from '@clodo/config';
import type {
  CloudflareApi,
  DeploymentTarget,
  DeploymentToolkit,
  DeploymentToolkitOptions,
} from '@clodo/deployment';
import { CliError, UsageError } from '../errors.js';
import type { Project } from './load.js';

export const TARGET_KINDS = ['local', 'cloudflare'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** State directory of the project's local emulator (what `clodo emulator start` uses by default). */
export const EMULATOR_STATE_DIR: string = join('.clodo', 'emulator');
/** Where per-unit wrangler configs are generated, relative to the project root. */
export const WRANGLER_CONFIG_DIR: string = join('.clodo', 'wrangler');

/**
 * The `--target` value, or, when it is absent, the environment's own `target` from the config
 * (normalised there: development is local, every other environment cloudflare unless it says so).
 */
export function parseTargetKind(value: unknown, environmentTarget?: TargetKind): TargetKind {
  if (value === undefined) return environmentTarget ?? 'local';
  if (typeof value === 'string' && (TARGET_KINDS as readonly string[]).includes(value)) {
    return value as TargetKind;
  }
  throw new UsageError(`--target must be one of ${TARGET_KINDS.join(', ')} (got ${JSON.stringify(value)})`);
}

export interface OpenTargetOptions {
  /** The `--target` value; default: the environment's configured target, else `local`. */
  target?: unknown;
  /** The environment the command works on; its configured `target` is the default. */
  environment?: string;
  /** The process environment, read here at the edge for the Cloudflare token only. */
  env: Readonly<Record<string, string | undefined>>;
  /** Emulator state directory (default `<root>/.clodo/emulator`). */
  stateDir?: string;
  /** Passed through to `createDeploymentToolkit` (timeouts, health-check policy, …). */
  toolkit?: Omit<DeploymentToolkitOptions, 'target' | 'projectRoot' | 'api'>;
}

export interface ProjectTarget {
  kind: TargetKind;
  target: DeploymentTarget;
  toolkit: DeploymentToolkit;
  /** Where a deployed worker answers now: the emulator's loopback URL, or undefined on Cloudflare. */
  workerUrl(workerName: string): Promise<string | undefined>;
}

interface LoopbackWorker {
  name: string;
  url: string;
  versionId?: string;
}

/**
 * The daemon serves each worker on its own loopback port, published at `GET /__clodo/workers`.
 * `DeploymentTarget.workerUrl` is synchronous, so the map is cached and refreshed whenever deployments
 * are listed, which the deployer and the rollback manager do right after every change.
 */
class LoopbackWorkers {
  readonly #urls = new Map<string, string>();
  constructor(private readonly port: number) {}

  get(name: string): string | undefined {
    return this.#urls.get(name);
  }

  async refresh(): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.port}/__clodo/workers`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new CliError(`the emulator answered ${response.status} listing its workers`);
    const workers = (await response.json()) as LoopbackWorker[];
    this.#urls.clear();
    for (const w of workers) this.#urls.set(w.name, w.url);
  }
}

function refreshingApi(api: CloudflareApi, workers: LoopbackWorkers): CloudflareApi {
  return {
    listDeployments: async (name) => {
      const deployments = await api.listDeployments(name);
      await workers.refresh();
      return deployments;
    },
    listVersions: (name) => api.listVersions(name),
    listSecretNames: (name) => api.listSecretNames(name),
    findD1Database: (name) => api.findD1Database(name),
    createD1Database: (name) => api.createD1Database(name),
    queryD1: (id, sql, params) => api.queryD1(id, sql, params),
  };
}

/** The target an environment declares in the config (undefined for an unknown environment). */
export function configuredTarget(project: Project, environment: string | undefined): TargetKind | undefined {
  if (environment === undefined) return undefined;
  return project.config.environments[environment]?.target;
}

/** Resolves `--target` for a loaded project; fails with one clear line when it cannot be reached. */
export async function openTarget(project: Project, options: OpenTargetOptions): Promise<ProjectTarget> {
  const kind = parseTargetKind(options.target, configuredTarget(project, options.environment));
  const deployment = await import('@clodo/deployment');
  const toolkitOptions = { timeoutMs: 180_000, ...options.toolkit, projectRoot: project.root };
  if (kind === 'local') {
    const { daemonStatus } = await import('@clodo/emulator');
    const stateDir = options.stateDir ?? join(project.root, EMULATOR_STATE_DIR);
    const status = await daemonStatus(stateDir);
    if (!status.running) {
      throw new CliError(
        `emulator not running for ${stateDir}; start it with \`clodo emulator start\` (in ${project.root})`,
      );
    }
    const workers = new LoopbackWorkers(status.port);
    await workers.refresh();
    const target: DeploymentTarget = {
      kind: 'local',
      apiBaseUrl: status.apiBaseUrl,
      accountId: status.accountId,
      apiToken: status.apiToken,
      workerUrl: (name) => workers.get(name),
      // Per-version request and error counts, so gradual rollouts can judge a new version locally.
      traffic: deployment.emulatorTraffic(status.apiBaseUrl),
    };
    const api = refreshingApi(new deployment.CloudflareRestApi({ target }), workers);
    const toolkit = deployment.createDeploymentToolkit({ ...toolkitOptions, target, api });
    return {
      kind,
      target,
      toolkit,
      workerUrl: async (name) => {
        await workers.refresh();
        return workers.get(name);
      },
    };
  }
  const [{ resolveApiToken }, { isConfigError }] = await Promise.all([
    import('@clodo/config/loader'),
    import('@clodo/config'),
  ]);
  let apiToken: string;
  try {
    apiToken = resolveApiToken(project.config, options.env);
  } catch (error) {
    if (isConfigError(error)) {
      const problem = error.problems[0];
      throw new CliError(
        problem ? `${problem.message}${problem.hint ? `; ${problem.hint}` : ''}` : error.message,
      );
    }
    throw error;
  }
  let target: DeploymentTarget;
  try {
    target = deployment.cloudflareTarget({ accountId: project.config.account.id, apiToken });
  } catch (error) {
    throw new CliError(`cannot deploy to Cloudflare: ${(error as Error).message}`);
  }
  const toolkit = deployment.createDeploymentToolkit({ ...toolkitOptions, target });
  return { kind, target, toolkit, workerUrl: async () => undefined };
}

/** One unit's generated wrangler config and where wrangler runs for it. */
export interface UnitWrangler {
  workerName: string;
  /** Absolute path of `.clodo/wrangler/<workerName>.json`. */
  configPath: string;
  /** The service folder (absolute), where wrangler runs. */
  cwd: string;
  /** The first D1 database's name, when the service has one. */
  databaseName?: string;
  /** Every D1 database name by binding. */
  databases: Record<string, string>;
}

async function knownDatabaseIds(configPath: string): Promise<Record<string, string>> {
  const { readFile } = await import('node:fs/promises');
  try {
    const json = JSON.parse(await readFile(configPath, 'utf8')) as {
      d1_databases?: { database_name?: string; database_id?: string }[];
    };
    const ids: Record<string, string> = {};
    for (const d of json.d1_databases ?? []) {
      if (d.database_name && d.database_id) ids[d.database_name] = d.database_id;
    }
    return ids;
  } catch {
    return {};
  }
}

/**
 * Generates `<root>/.clodo/wrangler/<workerName>.json` for one unit (written atomically), keeping the
 * D1 ids an earlier migration recorded in it. For the local target the account is the emulator's and
 * no routes (the emulator has no zones; workers.dev is the only trigger) and no empty cron list.
 * With `write: false` (dry runs) nothing is written.
 */
export async function writeUnitWranglerConfig(
  project: Pick<Project, 'config' | 'root'>,
  unit: UnitRef,
  target: Pick<DeploymentTarget, 'kind' | 'accountId'>,
  options: { write?: boolean } = {},
): Promise<UnitWrangler> {
  const config: ClodoConfig = project.config;
  const [{ workerName }, { generateWranglerConfig, writeWranglerConfig }] = await Promise.all([
    import('@clodo/config'),
    import('@clodo/config/wrangler'),
  ]);
  const service = config.services.find((s) => s.name === unit.service);
  if (!service) {
    throw new UsageError(
      `unknown service "${unit.service}"; this project has: ${config.services.map((s) => s.name).join(', ')}`,
    );
  }
  const name = workerName(unit);
  const configPath = join(project.root, WRANGLER_CONFIG_DIR, `${name}.json`);
  const generated = generateWranglerConfig(config, {
    ...unit,
    configDir: WRANGLER_CONFIG_DIR,
    ids: { d1: await knownDatabaseIds(configPath) },
  });
  let wrangler = generated;
  if (target.kind === 'local') {
    wrangler = { ...generated, account_id: target.accountId, routes: [], workers_dev: true };
    // An empty `triggers` makes wrangler clear cron schedules, an API the emulator does not serve.
    if (generated.triggers.crons.length === 0) {
      const { triggers: _none, ...rest } = wrangler;
      wrangler = rest as typeof wrangler;
    }
  }
  // A dry run computes the paths and changes no file.
  if (options.write !== false) await writeWranglerConfig(configPath, wrangler);
  const databases: Record<string, string> = {};
  for (const d of wrangler.d1_databases ?? []) databases[d.binding] = d.database_name;
  const first = Object.values(databases)[0];
  return {
    workerName: name,
    configPath,
    cwd: join(project.root, service.path),
    databases,
    ...(first ? { databaseName: first } : {}),
  };
}

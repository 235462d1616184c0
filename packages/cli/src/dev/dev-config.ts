import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceConfig } from '@clodo/config';
import type { Project } from '../project/load.js';
import { localSecretsFile } from '../secrets/local-file.js';

/** Where `clodo dev` keeps its generated config, local D1/KV/R2 data and wrangler's own files. */
export const DEV_DIR = join('.clodo', 'dev');

export interface DevSetup {
  workerName: string;
  /** Generated wrangler config for local development (absolute). */
  configPath: string;
  /** Local storage for D1, KV, R2 and Durable Objects; survives restarts. */
  persistDir: string;
  /** Wrangler's home (config, logs), kept inside the project. */
  homeDir: string;
  /** D1 database names (by binding) whose migrations are applied before serving. */
  databases: Record<string, string>;
  /** The local secrets file passed to wrangler, when it exists. */
  secretsFile?: string;
  serviceDir: string;
}

/**
 * Writes the wrangler config `clodo dev` runs: the service's environment with every binding expanded,
 * plus `ENVIRONMENT`, which `@clodo/services` reads to tell development from production.
 */
export async function prepareDevConfig(
  project: Project,
  service: ServiceConfig,
  environment: string,
): Promise<DevSetup> {
  const [{ workerName }, { generateWranglerConfig, writeWranglerConfig }] = await Promise.all([
    import('@clodo/config'),
    import('@clodo/config/wrangler'),
  ]);
  const unit = { service: service.name, environment };
  const name = workerName(unit);
  const generated = generateWranglerConfig(project.config, { ...unit, configDir: DEV_DIR });
  const configPath = join(project.root, DEV_DIR, `${name}.json`);
  await writeWranglerConfig(configPath, {
    ...generated,
    vars: { ENVIRONMENT: environment, ...generated.vars },
    routes: [],
  });
  const serviceDir = join(project.root, service.path);
  const secretsFile = localSecretsFile(serviceDir, environment);
  const databases: Record<string, string> = {};
  for (const d of generated.d1_databases) databases[d.binding] = d.database_name;
  return {
    workerName: name,
    configPath,
    persistDir: join(project.root, DEV_DIR, 'state'),
    homeDir: join(project.root, DEV_DIR, 'wrangler-home'),
    databases,
    serviceDir,
    ...(existsSync(secretsFile) ? { secretsFile } : {}),
  };
}

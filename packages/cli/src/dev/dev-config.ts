import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceConfig } from '@clodo/config';
import { localSecrets, type Project } from '../project/load.js';

/** Where `clodo dev` keeps its generated configs, local D1/KV/R2 data and wrangler's own files. */
export const DEV_DIR: string = join('.clodo', 'dev');

export interface DevWorker {
  service: string;
  workerName: string;
  /** Generated wrangler config (absolute), alone in its folder with the worker's `.dev.vars`. */
  configPath: string;
  /** D1 database names (by binding) whose migrations are applied before serving. */
  databases: Record<string, string>;
  /** The copy of the service's local secrets wrangler reads beside the config, when there are any. */
  secretsFile?: string;
  serviceDir: string;
}

export interface DevSetup {
  /** The service asked for first, then every service it reaches through service bindings. */
  workers: DevWorker[];
  /** Local storage for D1, KV, R2 and Durable Objects, shared by the workers; survives restarts. */
  persistDir: string;
  /** Wrangler's home (config, logs), kept inside the project. */
  homeDir: string;
}

/** The service and, transitively, every service of the project it binds to, each once. */
async function reachable(
  project: Project,
  service: ServiceConfig,
  environment: string,
): Promise<ServiceConfig[]> {
  const { effectiveFeatures } = await import('@clodo/config/wrangler');
  const found: ServiceConfig[] = [];
  const visit = (s: ServiceConfig) => {
    if (found.includes(s)) return;
    found.push(s);
    for (const binding of effectiveFeatures(s, environment).services) {
      const target = project.config.services.find((t) => t.name === binding.service);
      if (target) visit(target);
    }
  };
  visit(service);
  return found;
}

/**
 * Writes one wrangler config per worker `clodo dev` runs: the service's environment with every binding
 * expanded (its `CLODO_ENVIRONMENT` var tells `@clodo/services` development from production).
 * Each sits in its own folder with a copy of the service's local secrets (mode 600, under the ignored
 * `.clodo/`), because wrangler reads a worker's secrets from beside its config.
 */
export async function prepareDevConfig(
  project: Project,
  service: ServiceConfig,
  environment: string,
): Promise<DevSetup> {
  const [{ workerName }, { generateWranglerConfig, writeWranglerConfig }, { LocalSecretStore }] =
    await Promise.all([import('@clodo/config'), import('@clodo/config/wrangler'), import('@clodo/security')]);
  const workers: DevWorker[] = [];
  for (const s of await reachable(project, service, environment)) {
    const unit = { service: s.name, environment };
    const name = workerName(unit);
    const configDir = join(DEV_DIR, name);
    const generated = generateWranglerConfig(project.config, { ...unit, configDir });
    const configPath = join(project.root, configDir, 'wrangler.json');
    await writeWranglerConfig(configPath, { ...generated, routes: [] });
    const serviceDir = join(project.root, s.path);
    const secrets = await localSecrets(serviceDir, environment);
    const secretsFile = join(project.root, configDir, '.dev.vars');
    rmSync(secretsFile, { force: true });
    if (Object.keys(secrets).length > 0) {
      // `.clodo/` is ignored by git in every scaffolded project; the copy is refreshed on every start.
      await new LocalSecretStore({ path: secretsFile, warn: () => {} }).setMany(secrets);
    }
    const databases: Record<string, string> = {};
    for (const d of generated.d1_databases) databases[d.binding] = d.database_name;
    workers.push({
      service: s.name,
      workerName: name,
      configPath,
      databases,
      serviceDir,
      ...(Object.keys(secrets).length > 0 ? { secretsFile } : {}),
    });
  }
  return {
    workers,
    persistDir: join(project.root, DEV_DIR, 'state'),
    homeDir: join(project.root, DEV_DIR, 'wrangler-home'),
  };
}

/** Removes the secret copies once `clodo dev` stops. */
export function removeDevSecrets(setup: DevSetup): void {
  for (const w of setup.workers) if (w.secretsFile) rmSync(w.secretsFile, { force: true });
}

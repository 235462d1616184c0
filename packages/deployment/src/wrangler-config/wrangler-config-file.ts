import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';

/** The parts of a generated wrangler JSON config this package reads or updates. */
export interface WranglerConfigJson {
  name?: string;
  d1_databases?: D1BindingJson[];
  env?: Record<string, { name?: string; d1_databases?: D1BindingJson[] }>;
  [key: string]: unknown;
}

export interface D1BindingJson {
  binding: string;
  database_name: string;
  database_id?: string;
  migrations_dir?: string;
  migrations_table?: string;
  [key: string]: unknown;
}

export async function readWranglerConfig(path: string): Promise<WranglerConfigJson> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      `configPath: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as WranglerConfigJson;
  } catch (error) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      `configPath: ${path} is not a JSON wrangler config (${(error as Error).message})`,
    );
  }
}

/** Writes JSON through a temporary file and a rename, so a reader never sees half a file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Every D1 binding in the config, top level and each `env.*` section. */
export function d1Bindings(config: WranglerConfigJson): D1BindingJson[] {
  return [
    ...(config.d1_databases ?? []),
    ...Object.values(config.env ?? {}).flatMap((section) => section.d1_databases ?? []),
  ];
}

/** The binding for a database, found by `database_name` or by `binding`. */
export function findD1Binding(config: WranglerConfigJson, database: string): D1BindingJson | undefined {
  return d1Bindings(config).find((b) => b.database_name === database || b.binding === database);
}

/** The migrations folder wrangler uses for a binding (relative to the config file; default `migrations`). */
export function migrationsDirOf(configPath: string, binding: D1BindingJson | undefined): string {
  return resolve(dirname(configPath), binding?.migrations_dir ?? 'migrations');
}

/** Sets `database_id` on every binding of `databaseName`; returns how many bindings changed. */
export async function recordDatabaseId(
  configPath: string,
  databaseName: string,
  uuid: string,
): Promise<number> {
  const config = await readWranglerConfig(configPath);
  let changed = 0;
  for (const binding of d1Bindings(config)) {
    if (binding.database_name === databaseName && binding.database_id !== uuid) {
      binding.database_id = uuid;
      changed++;
    }
  }
  if (changed > 0) await writeJsonAtomic(configPath, config);
  return changed;
}

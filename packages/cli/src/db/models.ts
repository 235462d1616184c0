import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceConfig } from '@clodo/config';
import type { Model } from '@clodo/services';
import { CliError } from '../errors.js';

/** Where a service declares its models, relative to its folder (the templates' convention). */
export const MODELS_FILE = 'src/models.ts';

function isModel(value: unknown): value is Model {
  const v = value as Partial<Model> | null;
  return Boolean(v) && typeof v?.name === 'string' && typeof v?.columnTypes === 'object';
}

/**
 * Imports the service's models module (TypeScript through jiti, resolved from the service's own
 * node_modules) and returns every exported model, in export order.
 */
export async function loadModels(serviceDir: string, file: string = MODELS_FILE): Promise<Model[]> {
  const path = join(serviceDir, file);
  if (!existsSync(path)) return [];
  const { createJiti } = await import('jiti');
  const jiti = createJiti(join(serviceDir, 'package.json'), { moduleCache: false, fsCache: false });
  let exported: Record<string, unknown>;
  try {
    exported = (await jiti.import(path)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`cannot load ${path}: ${(error as Error).message}`);
  }
  return Object.values(exported).filter(isModel);
}

/** The migrations folder of the service's `DB` database (or its first D1 database). */
export function migrationsDir(serviceDir: string, service: ServiceConfig): string | undefined {
  const database = service.features.d1.find((d) => d.binding === 'DB') ?? service.features.d1[0];
  return database ? join(serviceDir, database.migrationsDir) : undefined;
}

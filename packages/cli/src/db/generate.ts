import { relative } from 'node:path';
import type { ServiceConfig } from '@clodo/config';
import { loadModels, MODELS_FILE, migrationsDir } from './models.js';

export interface ServiceMigration {
  service: string;
  /** The new migration, relative to the project root; null when the models match the last one. */
  file: string | null;
  models: string[];
  statements: number;
  notes: string[];
  /** Why nothing was generated, when the service has no database or no models. */
  skipped?: string;
}

/**
 * Writes the next migration of one service from its models. Applied (existing) files are never
 * rewritten: `generateMigrations` only ever adds a numbered file, atomically.
 */
export async function generateServiceMigration(
  projectRoot: string,
  serviceDir: string,
  service: ServiceConfig,
  name?: string,
  modelsFile: string = MODELS_FILE,
): Promise<ServiceMigration> {
  const base = { service: service.name, file: null, models: [], statements: 0, notes: [] };
  const dir = migrationsDir(serviceDir, service);
  if (!dir) return { ...base, skipped: 'no D1 database (add one with `clodo add d1`)' };
  const models = await loadModels(serviceDir, modelsFile);
  if (models.length === 0) return { ...base, skipped: `no models exported from ${modelsFile}` };
  const { generateMigrations } = await import('@clodo/services/migrations');
  const result = await generateMigrations(models, dir, name ? { name } : {});
  return {
    service: service.name,
    file: result.file ? relative(projectRoot, result.file) : null,
    models: models.map((m) => m.name),
    statements: result.statements.length,
    notes: result.notes,
  };
}

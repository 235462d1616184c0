// Node-only entry (`@clodo/services/migrations`): reads and writes the migrations directory.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { definitionError } from '../errors.js';
import type { Model } from '../models/define-model.js';
import { diffSchema, parseSnapshot, renderMigration, type SchemaSnapshot, snapshotOf } from './schema-sql.js';

export {
  diffSchema,
  parseSnapshot,
  renderMigration,
  type SchemaDiff,
  type SchemaSnapshot,
  schemaSql,
  snapshotOf,
} from './schema-sql.js';

export interface GenerateMigrationsOptions {
  /** Suffix of the new file (`0002_<name>.sql`); default `init` for the first migration, else `update`. */
  name?: string;
}

export interface GeneratedMigration {
  /** Path of the new file, or null when the models match the last recorded schema. */
  file: string | null;
  statements: string[];
  notes: string[];
}

const MIGRATION_FILE = /^(\d{4,})_[\w-]+\.sql$/;

/**
 * Writes the next numbered migration (wrangler D1 format: `migrations/0001_init.sql`) for what changed in
 * `models` since the schema recorded in the latest generated migration. Existing files are never rewritten;
 * the new file appears atomically (temporary file, then rename).
 */
export async function generateMigrations(
  models: readonly Model[],
  migrationsDir: string,
  options: GenerateMigrationsOptions = {},
): Promise<GeneratedMigration> {
  if (typeof migrationsDir !== 'string' || migrationsDir === '')
    throw definitionError('generateMigrations: migrationsDir must be a path');
  if (options.name !== undefined && !/^[a-z0-9][a-z0-9_-]{0,60}$/i.test(options.name)) {
    throw definitionError('generateMigrations: name may hold letters, digits, "_" and "-" only');
  }
  await mkdir(migrationsDir, { recursive: true });
  const files = (await readdir(migrationsDir))
    .filter((f) => MIGRATION_FILE.test(f))
    .sort((a, b) => Number(MIGRATION_FILE.exec(a)?.[1]) - Number(MIGRATION_FILE.exec(b)?.[1]));
  let previous: SchemaSnapshot | undefined;
  for (const file of [...files].reverse()) {
    previous = parseSnapshot(await readFile(join(migrationsDir, file), 'utf8'));
    if (previous) break;
  }
  const diff = diffSchema(previous, models);
  if (diff.statements.length === 0) return { file: null, statements: [], notes: diff.notes };
  const last = files.length > 0 ? Number(MIGRATION_FILE.exec(files[files.length - 1] as string)?.[1]) : 0;
  const name = options.name ?? (files.length === 0 ? 'init' : 'update');
  const fileName = `${String(last + 1).padStart(4, '0')}_${name}.sql`;
  const target = join(migrationsDir, fileName);
  const temp = join(migrationsDir, `.${randomUUID()}.tmp`);
  await writeFile(temp, renderMigration(diff.statements, snapshotOf(models), diff.notes), { flag: 'wx' });
  try {
    if ((await readdir(migrationsDir)).includes(fileName)) {
      throw definitionError(`generateMigrations: ${target} already exists; it is never overwritten`);
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { file: target, statements: diff.statements, notes: diff.notes };
}

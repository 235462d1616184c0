import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { environmentLevel } from '@clodo/security';
import type { CloudflareApi, D1Database } from '../api/cloudflare-api.js';
import { audited } from '../audit/audited.js';
import type { DeploymentAuditor } from '../audit/auditor.js';
import { type Clock, systemClock } from '../clock.js';
import { assertContext, type DeploymentContext, requireOptions, requireStrings } from '../context.js';
import { DEPLOYMENT_ERRORS, DeploymentError, isDeploymentError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import {
  findD1Binding,
  migrationsDirOf,
  readWranglerConfig,
  recordDatabaseId,
} from '../wrangler-config/wrangler-config-file.js';
import { readMigrationsFolder } from './migrations-folder.js';

export interface D1MigratorOptions {
  runner: CommandRunner;
  api: CloudflareApi;
  /** Where production backups go, usually `<projectRoot>/.clodo/backups`. */
  backupDir: string;
  auditor?: DeploymentAuditor;
  clock?: Clock;
}

/** One D1 database of one service × environment, as bound in its generated wrangler config. */
export interface D1MigrationTarget {
  context: DeploymentContext;
  /** `database_name` in the generated config (e.g. `api-acme-production`). */
  databaseName: string;
  /** The generated wrangler JSON config; its `database_id` is updated in place. */
  configPath: string;
  /** Where wrangler runs (the service root). */
  cwd: string;
  /** `--env` for configs with `env.*` sections; omit for a flattened per-environment config. */
  wranglerEnv?: string;
}

export interface MigrationStatus {
  databaseId: string;
  migrationsDir: string;
  applied: string[];
  pending: string[];
}

export interface MigrationResult extends MigrationStatus {
  /** Whether this call created the database. */
  created: boolean;
  /** Migrations this call applied (in order); empty when nothing was pending. */
  appliedNow: string[];
  /** Path of the SQL export taken before a production migration. */
  backupPath?: string;
}

/**
 * Finds or creates a service's D1 database (once), records its id in the generated wrangler config,
 * applies pending migrations with `wrangler d1 migrations apply --remote`, and reports status from
 * the database's own `d1_migrations` table. Before a production migration it exports a backup with
 * `wrangler d1 export` and refuses to migrate if that fails.
 */
export class D1Migrator {
  readonly #options: D1MigratorOptions;
  readonly #clock: Clock;
  readonly #ensured = new Map<string, Promise<D1Database & { created: boolean }>>();

  constructor(options: D1MigratorOptions) {
    requireOptions(options, ['runner', 'api']);
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Finds the database by name or creates it (at most once per name), and records its id in the config. */
  async ensureDatabase(target: D1MigrationTarget): Promise<D1Database & { created: boolean }> {
    checkTarget(target);
    const cached = this.#ensured.get(target.databaseName);
    let database: D1Database & { created: boolean };
    if (cached) {
      // Only the call that created it reports `created`.
      database = { ...(await cached), created: false };
    } else {
      const pending = this.#findOrCreate(target);
      this.#ensured.set(target.databaseName, pending);
      pending.catch(() => this.#ensured.delete(target.databaseName));
      database = await pending;
    }
    await recordDatabaseId(configFile(target), target.databaseName, database.uuid);
    return database;
  }

  async status(target: D1MigrationTarget): Promise<MigrationStatus> {
    checkTarget(target);
    const config = await readWranglerConfig(configFile(target));
    const binding = findD1Binding(config, target.databaseName);
    if (!binding) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `databaseName: "${target.databaseName}" is not bound in ${target.configPath}`,
      );
    }
    const database = await this.#options.api.findD1Database(target.databaseName);
    const migrationsDir = migrationsDirOf(configFile(target), binding);
    const folder = await readMigrationsFolder(migrationsDir);
    if (folder.errors.length > 0) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.MIGRATIONS_INCONSISTENT,
        `${migrationsDir}: ${folder.errors.join('; ')}`,
        { errors: folder.errors },
      );
    }
    const applied = database ? await this.#appliedNames(database.uuid, binding.migrations_table) : [];
    const unknown = applied.filter((name) => !folder.files.includes(name));
    if (unknown.length > 0) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.MIGRATIONS_INCONSISTENT,
        `${target.databaseName} has applied migrations missing from ${migrationsDir}: ${unknown.join(', ')}`,
        { unknown },
      );
    }
    return {
      databaseId: database?.uuid ?? '',
      migrationsDir,
      applied,
      pending: folder.files.filter((name) => !applied.includes(name)),
    };
  }

  /**
   * Ensures the database, backs it up first in production when anything is pending (unless this call
   * just created it, empty), then applies what is pending.
   */
  /**
   * `production` defaults to whether `context.environment` is production-level (as `@clodo/security`'s
   * `environmentLevel` judges it).
   */
  async migrate(target: D1MigrationTarget & { production?: boolean }): Promise<MigrationResult> {
    checkTarget(target);
    const { context } = target;
    const database = await audited(
      this.#options.auditor,
      context,
      'd1.ensure',
      () => this.ensureDatabase(target),
      (db) => ({ database: db.name, databaseId: db.uuid, created: db.created }),
      { database: target.databaseName },
    );
    const before = await this.status(target);
    if (before.pending.length === 0) {
      return { ...before, created: database.created, appliedNow: [] };
    }
    let backupPath: string | undefined;
    // A database this call just created holds nothing yet, so there is nothing to back up.
    const production = target.production ?? environmentLevel(context.environment) === 'production';
    if (production && !database.created) {
      backupPath = await this.backup(target);
    }
    const after = await audited(
      this.#options.auditor,
      context,
      'd1.migrate',
      async () => {
        await this.#options.runner.run({
          args: [
            'd1',
            'migrations',
            'apply',
            target.databaseName,
            '--remote',
            '--config',
            target.configPath,
            ...envArgs(target),
          ],
          cwd: target.cwd,
        });
        return this.status(target);
      },
      (status) => ({
        database: target.databaseName,
        applied: before.pending.filter((name) => status.applied.includes(name)),
        remaining: status.pending,
      }),
      { database: target.databaseName, pending: before.pending },
    );
    if (after.pending.length > 0) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_FAILED,
        `wrangler reported success but ${after.pending.join(', ')} are still pending on ${target.databaseName}`,
      );
    }
    return {
      ...after,
      created: database.created,
      appliedNow: before.pending.filter((name) => after.applied.includes(name)),
      ...(backupPath ? { backupPath } : {}),
    };
  }

  /**
   * Exports the whole database (schema and data) to `<backupDir>/<database>-<time>.sql`, audited as
   * `d1.backup` with the path (which `RollbackManager` reports as `d1Backups`).
   */
  async backup(target: D1MigrationTarget): Promise<string> {
    checkTarget(target);
    return audited(
      this.#options.auditor,
      target.context,
      'd1.backup',
      () => this.#export(target),
      (path) => ({ database: target.databaseName, path }),
      { database: target.databaseName },
    );
  }

  async #export(target: D1MigrationTarget): Promise<string> {
    await mkdir(this.#options.backupDir, { recursive: true });
    const stamp = new Date(this.#clock.now()).toISOString().replace(/[:.]/g, '-');
    const path = join(this.#options.backupDir, `${target.databaseName}-${stamp}.sql`);
    try {
      await this.#options.runner.run({
        args: [
          'd1',
          'export',
          target.databaseName,
          '--remote',
          '--output',
          path,
          '--config',
          target.configPath,
          ...envArgs(target),
        ],
        cwd: target.cwd,
      });
      await stat(path);
    } catch (error) {
      const reason = isDeploymentError(error) ? error.message : (error as Error).message;
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.BACKUP_FAILED,
        `backup of ${target.databaseName} failed, so it was not migrated: ${reason}`,
      );
    }
    return path;
  }

  async #findOrCreate(target: D1MigrationTarget): Promise<D1Database & { created: boolean }> {
    const found = await this.#options.api.findD1Database(target.databaseName);
    if (found) return { ...found, created: false };
    try {
      return { ...(await this.#options.api.createD1Database(target.databaseName)), created: true };
    } catch (error) {
      // Someone else created it between our lookup and create: use theirs.
      const raced = await this.#options.api.findD1Database(target.databaseName);
      if (raced) return { ...raced, created: false };
      throw error;
    }
  }

  async #appliedNames(databaseId: string, table = 'd1_migrations'): Promise<string[]> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `migrations_table: "${table}" is not a table name`,
      );
    }
    try {
      const rows = await this.#options.api.queryD1(databaseId, `SELECT name FROM ${table} ORDER BY id`);
      return rows.map((row) => String(row.name));
    } catch (error) {
      // Before the first migration the table does not exist yet: nothing applied.
      if (isDeploymentError(error) && /no such table/i.test(error.message)) return [];
      throw error;
    }
  }
}

function envArgs(target: D1MigrationTarget): string[] {
  return target.wranglerEnv ? ['--env', target.wranglerEnv] : [];
}

/** The config file as wrangler (run in `target.cwd`) sees it. */
function configFile(target: D1MigrationTarget): string {
  return resolve(target.cwd, target.configPath);
}

function checkTarget(target: D1MigrationTarget): void {
  assertContext(target?.context, 'target.context');
  requireStrings(target, ['databaseName', 'configPath', 'cwd'], 'target');
}

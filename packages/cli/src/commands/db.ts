import { randomUUID } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import type { DeploymentContext, MigrationStatus } from '@clodo/deployment';
import { generateServiceMigration, type ServiceMigration } from '../db/generate.js';
import { MODELS_FILE } from '../db/models.js';
import { CliError, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { loadProject, type Project } from '../project/load.js';
import { selectService, serviceDir } from '../project/services.js';
import { openTarget, type ProjectTarget, writeUnitWranglerConfig } from '../project/target.js';
import { selectEnvironment, selectUnits, unitLabel } from '../project/units.js';
import { confirmProduction } from './confirm.js';

const NAME = /^[a-z0-9][a-z0-9_-]{0,60}$/i;

/** `db generate`: the next migration of each service from its models (existing files never change). */
export async function generate({ options, out, io }: CommandContext): Promise<void> {
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const name = options.name as string | undefined;
  const models = (options.models as string | undefined) ?? MODELS_FILE;
  if (isAbsolute(models) || models.split(/[\\/]/).includes('..')) {
    throw new UsageError(`--models must be a path inside the service folder (got ${JSON.stringify(models)})`);
  }
  if (name !== undefined && !NAME.test(name)) {
    throw new UsageError(`--name may hold letters, digits, "_" and "-" only (got ${JSON.stringify(name)})`);
  }
  const services =
    options.service !== undefined || project.root !== io.cwd
      ? [selectService(project, io.cwd, options.service as string | undefined).service]
      : project.config.services;
  const migrations: ServiceMigration[] = [];
  for (const service of services) {
    out.progress(`reading the models of ${service.name}…`);
    migrations.push(
      await generateServiceMigration(project.root, serviceDir(project, service), service, name, models),
    );
  }
  out.result({ migrations }, () => {
    for (const m of migrations) {
      if (m.skipped) out.line(`${m.service}: skipped, ${m.skipped}`);
      else if (m.file)
        out.line(`${out.color.green('✓')} ${m.service}: wrote ${m.file} (${m.statements} statements)`);
      else out.line(`${m.service}: models unchanged since the last migration; nothing written`);
      for (const note of m.notes) out.line(`  note: ${note}`);
    }
  });
}

interface DatabaseRef {
  label: string;
  environment: string;
  binding: string;
  databaseName: string;
  configPath: string;
  cwd: string;
  context: DeploymentContext;
}

/** Every D1 database of the selected units, each with its generated wrangler config. */
async function databases(
  ctx: CommandContext,
  project: Project,
  deployTo: ProjectTarget,
  environment: string,
) {
  const units = await selectUnits(project, environment, {
    service: ctx.options.service,
    customer: ctx.options.customer,
  });
  const refs: DatabaseRef[] = [];
  const deploymentId = `db-${randomUUID()}`;
  for (const unit of units) {
    const service = project.config.services.find((s) => s.name === unit.service);
    if (!service || service.features.d1.length === 0) continue;
    const wrangler = await writeUnitWranglerConfig(project, unit, deployTo.target);
    for (const [binding, databaseName] of Object.entries(wrangler.databases)) {
      refs.push({
        label: unitLabel(unit),
        environment,
        binding,
        databaseName,
        configPath: wrangler.configPath,
        cwd: wrangler.cwd,
        context: {
          deploymentId,
          service: unit.service,
          environment,
          ...(unit.customer ? { customer: unit.customer } : {}),
        },
      });
    }
  }
  if (refs.length === 0) throw new UsageError(`no D1 database in ${environment} for that selection`);
  return refs;
}

async function open(ctx: CommandContext) {
  const project = await loadProject(ctx.io.cwd, ctx.options.config as string | undefined);
  const environment = selectEnvironment(project, ctx.options.env);
  const deployTo = await openTarget(project, { target: ctx.options.target, environment, env: ctx.io.env });
  return { project, environment, deployTo, refs: await databases(ctx, project, deployTo, environment) };
}

const publicRef = (r: DatabaseRef) => ({ service: r.label, binding: r.binding, database: r.databaseName });

/** `db migrate`: creates each database if missing and applies pending migrations through wrangler. */
export async function migrate(ctx: CommandContext): Promise<void> {
  const { project, environment, deployTo, refs } = await open(ctx);
  await confirmProduction(ctx, environment, `migrate ${refs.length} database(s) in ${environment}`);
  const results: (ReturnType<typeof publicRef> & {
    created: boolean;
    appliedNow: string[];
    applied: string[];
    pending: string[];
    backup?: string;
  })[] = [];
  for (const ref of refs) {
    ctx.out.progress(`migrating ${ref.databaseName}…`);
    const result = await deployTo.toolkit.migrator.migrate(ref);
    results.push({
      ...publicRef(ref),
      created: result.created,
      appliedNow: result.appliedNow,
      applied: result.applied,
      pending: result.pending,
      ...(result.backupPath ? { backup: relative(project.root, result.backupPath) } : {}),
    });
  }
  ctx.out.result({ environment, target: deployTo.kind, databases: results }, () => {
    for (const r of results) {
      const what = r.appliedNow.length ? `applied ${r.appliedNow.join(', ')}` : 'already up to date';
      ctx.out.line(`${ctx.out.color.green('✓')} ${r.database}${r.created ? ' (created)' : ''}: ${what}`);
      if (r.backup) ctx.out.line(`  backup first: ${r.backup}`);
    }
  });
}

/** `db status`: applied and pending migrations of each database, read from the database itself. */
export async function status(ctx: CommandContext): Promise<void> {
  const { environment, deployTo, refs } = await open(ctx);
  const results: (ReturnType<typeof publicRef> &
    Omit<MigrationStatus, 'migrationsDir'> & { exists: boolean })[] = [];
  for (const ref of refs) {
    const s = await deployTo.toolkit.migrator.status(ref);
    results.push({
      ...publicRef(ref),
      exists: s.databaseId !== '',
      databaseId: s.databaseId,
      applied: s.applied,
      pending: s.pending,
    });
  }
  ctx.out.result({ environment, target: deployTo.kind, databases: results }, () => {
    for (const r of results) {
      ctx.out.line(`${r.database}${r.exists ? '' : ' (not created yet)'}`);
      for (const name of r.applied) ctx.out.line(`  ${ctx.out.color.green('applied')}  ${name}`);
      for (const name of r.pending) ctx.out.line(`  ${ctx.out.color.yellow('pending')}  ${name}`);
      if (r.applied.length + r.pending.length === 0) ctx.out.line('  no migrations');
    }
  });
}

/** `db backup`: exports each database (schema and data) to `.clodo/backups/<database>-<time>.sql`. */
export async function backup(ctx: CommandContext): Promise<void> {
  const { project, environment, deployTo, refs } = await open(ctx);
  const results: (ReturnType<typeof publicRef> & { file: string })[] = [];
  for (const ref of refs) {
    if ((await deployTo.toolkit.migrator.status(ref)).databaseId === '') {
      throw new CliError(`${ref.databaseName} does not exist yet; create it with \`clodo db migrate\``);
    }
    ctx.out.progress(`exporting ${ref.databaseName}…`);
    const path = await deployTo.toolkit.migrator.backup(ref);
    results.push({ ...publicRef(ref), file: relative(project.root, path) });
  }
  ctx.out.result({ environment, target: deployTo.kind, backups: results }, () => {
    for (const r of results) ctx.out.line(`${ctx.out.color.green('✓')} ${r.database} → ${r.file}`);
  });
}

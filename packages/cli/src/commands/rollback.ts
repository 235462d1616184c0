import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CliError, EXIT, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { loadProject } from '../project/load.js';
import { openTarget } from '../project/target.js';
import { selectEnvironment, selectUnits, unitLabel } from '../project/units.js';
import { confirmProduction } from './confirm.js';

interface RolledBack {
  service: string;
  customer?: string;
  worker: string;
  ok: boolean;
  fromVersionId?: string;
  toVersionId?: string;
  healthy?: boolean;
  d1Backups?: string[];
  error?: string;
}

/** Restores the version before the live one (or `--to`), per unit, under the deployment lock. */
export async function run(ctx: CommandContext): Promise<number> {
  const { options, out, io } = ctx;
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const environment = selectEnvironment(project, options.env);
  const units = await selectUnits(project, environment, options);
  if (units.length === 0) throw new UsageError(`nothing to roll back in ${environment} for that selection`);
  const to = options.to as string | undefined;
  if (to !== undefined && units.length !== 1) {
    throw new UsageError(
      '--to names one version of one worker: pick the unit with --service (and --customer)',
    );
  }
  await confirmProduction(ctx, environment, `roll back ${units.length} unit(s) in ${environment}`);
  const deployTo = await openTarget(project, { target: options.target, environment, env: io.env });
  const deploymentId = `rollback-${randomUUID()}`;
  const results: RolledBack[] = [];
  for (const unit of units) {
    const service = project.config.services.find((s) => s.name === unit.service)!;
    const base = {
      service: unit.service,
      ...(unit.customer ? { customer: unit.customer } : {}),
      worker: unit.workerName,
    };
    const url = (await deployTo.workerUrl(unit.workerName)) ?? unit.url;
    const [latest] = await deployTo.toolkit.api.listDeployments(unit.workerName);
    if (!latest || !url) {
      results.push({ ...base, ok: false, error: `${unit.workerName} is not deployed in ${environment}` });
      continue;
    }
    out.progress(`rolling back ${unitLabel(unit)}…`);
    const context = {
      deploymentId,
      service: unit.service,
      environment,
      ...(unit.customer ? { customer: unit.customer } : {}),
    };
    const lock = await deployTo.toolkit.lock.acquire({ ...context, owner: 'clodo rollback' });
    try {
      const r = await deployTo.toolkit.rollback.rollback({
        context,
        workerName: unit.workerName,
        cwd: join(project.root, service.path),
        url,
        ...(to ? { to } : {}),
        reason: 'clodo rollback',
      });
      results.push({
        ...base,
        ok: r.health.healthy,
        fromVersionId: r.fromVersionId,
        toVersionId: r.toVersionId,
        healthy: r.health.healthy,
        d1Backups: r.d1Backups,
      });
    } catch (error) {
      results.push({ ...base, ok: false, error: error instanceof Error ? error.message : String(error) });
    } finally {
      await lock.release();
    }
  }
  if (results.every((r) => r.error?.includes('is not deployed'))) {
    throw new CliError(`nothing deployed to roll back in ${environment}`);
  }
  const ok = results.every((r) => r.ok);
  out.result({ ok, deploymentId, environment, target: deployTo.kind, units: results }, () => {
    const c = out.color;
    for (const r of results) {
      if (r.error) out.line(`  ${c.red('✗')} ${unitLabel(r)}: ${r.error}`);
      else
        out.line(
          `  ${r.healthy ? c.green('✓') : c.red('✗')} ${unitLabel(r)}: ${r.fromVersionId} → ${r.toVersionId} (${r.healthy ? 'healthy' : 'unhealthy'})`,
        );
    }
    out.line('D1 data is not rolled back; backups, when taken, are listed with --json.');
  });
  return ok ? EXIT.ok : EXIT.failure;
}

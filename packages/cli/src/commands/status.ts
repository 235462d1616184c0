import type { CommandContext } from '../program.js';
import { loadProject } from '../project/load.js';
import { openTarget } from '../project/target.js';
import { selectEnvironment, selectUnits, unitLabel } from '../project/units.js';

export interface UnitStatus {
  service: string;
  customer?: string;
  worker: string;
  deployed: boolean;
  versionId: string | null;
  deployedAt: string | null;
  message: string | null;
  url: string | null;
  healthy: boolean | null;
  healthStatus: number | null;
}

/** What is live per unit: the version serving 100 %, when it was deployed, its URL and its health. */
export async function run({ options, out, io }: CommandContext): Promise<number> {
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const environment = selectEnvironment(project, options.env);
  const units = await selectUnits(project, environment, { service: options.service });
  const deployTo = await openTarget(project, {
    target: options.target,
    environment,
    env: io.env,
    toolkit: { health: { attempts: 1, requestTimeoutMs: 3000 } },
  });
  const statuses: UnitStatus[] = [];
  for (const unit of units) {
    const [latest] = await deployTo.toolkit.api.listDeployments(unit.workerName);
    const live = latest?.versions.find((v) => v.percentage === 100) ?? latest?.versions[0];
    const url = live ? ((await deployTo.workerUrl(unit.workerName)) ?? unit.url ?? null) : null;
    const health = url ? await deployTo.toolkit.health.check(url) : undefined;
    statuses.push({
      service: unit.service,
      ...(unit.customer ? { customer: unit.customer } : {}),
      worker: unit.workerName,
      deployed: live !== undefined,
      versionId: live?.versionId ?? null,
      deployedAt: latest?.createdOn ?? null,
      message: latest?.message ?? null,
      url,
      healthy: health ? health.healthy : null,
      healthStatus: health?.status ?? null,
    });
  }
  const allHealthy = statuses.every((s) => s.deployed && s.healthy === true);
  out.result({ ok: allHealthy, environment, target: deployTo.kind, units: statuses }, () => {
    const c = out.color;
    out.line(`${environment} on ${deployTo.kind}:`);
    for (const s of statuses) {
      const name = unitLabel(s).padEnd(24);
      if (!s.deployed) {
        out.line(`  ${c.dim('-')} ${name} not deployed`);
        continue;
      }
      const health = s.healthy
        ? c.green('healthy')
        : c.red(`unhealthy${s.healthStatus ? ` (${s.healthStatus})` : ''}`);
      out.line(
        `  ${s.healthy ? c.green('✓') : c.red('✗')} ${name} ${s.versionId}  ${health}  ${s.url ?? ''}`,
      );
    }
  });
  // Status is a report: it fails only when something deployed is unhealthy.
  return statuses.some((s) => s.deployed && s.healthy === false) ? 1 : 0;
}

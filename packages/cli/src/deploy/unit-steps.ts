import type { DeploymentUnit as ConfigUnit } from '@clodo/config';
import type { DeploymentSteps, DeploymentUnit, PortfolioService } from '@clodo/orchestration';
import type { Project } from '../project/load.js';
import { type ProjectTarget, type UnitWrangler, writeUnitWranglerConfig } from '../project/target.js';
import { unitSecrets } from '../project/units.js';

/** Everything the orchestrator's steps need about one unit, gathered before the run starts. */
export interface PreparedUnit {
  unit: ConfigUnit;
  wrangler: UnitWrangler;
  /** Local secret values (never printed; they reach wrangler on stdin only). */
  secrets: Record<string, string>;
  dependsOn: string[];
}

const keyOf = (u: { service: string; customer?: string }) => `${u.service}@${u.customer ?? ''}`;

/**
 * Generates each unit's wrangler config (not in a dry run) and reads its local secrets. `resolve()`
 * of the orchestration adapter is synchronous, so this is done up front.
 */
export async function prepareUnits(
  project: Project,
  units: readonly ConfigUnit[],
  deployTo: Pick<ProjectTarget, 'target'>,
  options: { dryRun: boolean },
): Promise<PreparedUnit[]> {
  const selected = new Set(units.map((u) => u.service));
  const prepared: PreparedUnit[] = [];
  for (const unit of units) {
    const service = project.config.services.find((s) => s.name === unit.service);
    const ref = {
      service: unit.service,
      environment: unit.environment,
      ...(unit.customer ? { customer: unit.customer } : {}),
    };
    prepared.push({
      unit,
      wrangler: await writeUnitWranglerConfig(project, ref, deployTo.target, { write: !options.dryRun }),
      secrets: await unitSecrets(project, unit),
      // A dependency outside this run is already deployed (or is the user's choice to skip).
      dependsOn: (service?.dependsOn ?? []).filter((d) => selected.has(d)),
    });
  }
  return prepared;
}

/** The portfolio request: one entry per unit, so project and customer units keep their own order. */
export function portfolioServices(prepared: readonly PreparedUnit[]): PortfolioService[] {
  return prepared.map((p) => ({
    service: p.unit.service,
    ...(p.unit.customer ? { customers: [p.unit.customer] } : {}),
    ...(p.dependsOn.length ? { dependsOn: p.dependsOn } : {}),
    hasDatabase: p.wrangler.databaseName !== undefined,
  }));
}

/** `DeploymentSteps` over the toolkit: real wrangler against the chosen target for every unit. */
export async function deploymentStepsFor(
  project: Project,
  prepared: readonly PreparedUnit[],
  deployTo: Pick<ProjectTarget, 'toolkit'>,
): Promise<DeploymentSteps> {
  const [{ createDeploymentSteps }, { securityInputForUnit }] = await Promise.all([
    import('@clodo/orchestration'),
    import('@clodo/security'),
  ]);
  const byKey = new Map(prepared.map((p) => [keyOf(p.unit), p]));
  return createDeploymentSteps({
    toolkit: deployTo.toolkit,
    resolve(unit: DeploymentUnit) {
      const p = byKey.get(keyOf(unit));
      if (!p) throw new Error(`${unit.id} is not part of this run`);
      const ref = {
        service: p.unit.service,
        environment: p.unit.environment,
        ...(p.unit.customer ? { customer: p.unit.customer } : {}),
      };
      const {
        environment: _e,
        level: _l,
        ...security
      } = securityInputForUnit(project.config, ref, {
        secrets: p.secrets,
      });
      return {
        workerName: p.wrangler.workerName,
        configPath: p.wrangler.configPath,
        cwd: p.wrangler.cwd,
        ...(p.wrangler.databaseName ? { databaseName: p.wrangler.databaseName } : {}),
        secrets: p.secrets,
        validation: { security },
        message: `clodo deploy ${unit.deploymentId ?? ''}`.trim(),
      };
    },
  });
}

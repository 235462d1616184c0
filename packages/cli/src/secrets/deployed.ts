import { randomUUID } from 'node:crypto';
import { CliError } from '../errors.js';
import type { Project } from '../project/load.js';
import { openTarget, writeUnitWranglerConfig } from '../project/target.js';
import { selectUnits, unitLabel } from '../project/units.js';

export interface DeployedSecrets {
  unit: string;
  worker: string;
  /** Secret names on the deployed worker (Cloudflare never returns values). */
  names: string[];
}

export interface PushedSecrets {
  unit: string;
  worker: string;
  created: string[];
  updated: string[];
}

interface Selection {
  environment: string;
  service: string;
  target: unknown;
  env: Readonly<Record<string, string | undefined>>;
}

async function units(project: Project, selection: Selection) {
  const deployTo = await openTarget(project, {
    target: selection.target,
    environment: selection.environment,
    env: selection.env,
  });
  const selected = await selectUnits(project, selection.environment, { service: selection.service });
  return { deployTo, selected };
}

/** Secret names of the service's deployed workers in the environment (one per customer). */
export async function listDeployed(project: Project, selection: Selection): Promise<DeployedSecrets[]> {
  const { deployTo, selected } = await units(project, selection);
  const result: DeployedSecrets[] = [];
  for (const unit of selected) {
    const { workerName } = await writeUnitWranglerConfig(project, unit, deployTo.target, { write: false });
    const names = await deployTo.toolkit.api.listSecretNames(workerName);
    result.push({ unit: unitLabel(unit), worker: workerName, names: [...names].sort() });
  }
  return result;
}

/**
 * Uploads values to the service's deployed workers with `wrangler secret bulk` (stdin only), through
 * the deployment toolkit's `SecretsSync`, which audits the change (names, never values).
 */
export async function pushToDeployed(
  project: Project,
  selection: Selection,
  values: Readonly<Record<string, string>>,
): Promise<PushedSecrets[]> {
  const { deployTo, selected } = await units(project, selection);
  const deploymentId = `secrets-${randomUUID()}`;
  const result: PushedSecrets[] = [];
  for (const unit of selected) {
    const wrangler = await writeUnitWranglerConfig(project, unit, deployTo.target);
    const synced = await deployTo.toolkit.secrets.sync({
      context: {
        deploymentId,
        service: unit.service,
        environment: selection.environment,
        ...(unit.customer ? { customer: unit.customer } : {}),
      },
      workerName: wrangler.workerName,
      cwd: wrangler.cwd,
      configPath: wrangler.configPath,
      required: values,
      // Every value given here is new; a name the worker already has is therefore a rotation.
      rotated: Object.keys(values),
    });
    result.push({
      unit: unitLabel(unit),
      worker: wrangler.workerName,
      created: synced.created,
      updated: synced.rotated,
    });
  }
  return result;
}

/**
 * Deletes a secret from the service's deployed workers that have it (`wrangler secret delete`), e.g.
 * `NAME_PREVIOUS` once a rotation is complete. Returns the workers it was removed from.
 */
export async function deleteFromDeployed(
  project: Project,
  selection: Selection,
  name: string,
): Promise<string[]> {
  const { deployTo, selected } = await units(project, selection);
  const removed: string[] = [];
  for (const unit of selected) {
    const wrangler = await writeUnitWranglerConfig(project, unit, deployTo.target);
    if (!(await deployTo.toolkit.api.listSecretNames(wrangler.workerName)).includes(name)) continue;
    await deployTo.toolkit.runner.run({
      args: ['secret', 'delete', name, '--name', wrangler.workerName, '--config', wrangler.configPath],
      cwd: wrangler.cwd,
      stdin: '',
    });
    if ((await deployTo.toolkit.api.listSecretNames(wrangler.workerName)).includes(name)) {
      throw new CliError(`wrangler finished but ${wrangler.workerName} still has ${name}`);
    }
    removed.push(wrangler.workerName);
  }
  return removed;
}

import { join } from 'node:path';
import type { DeploymentUnit as ConfigUnit } from '@clodo/config';
import { UsageError } from '../errors.js';
import { environmentNames, localSecrets, type Project } from './load.js';

/** `--env`, defaulting to `development` when the project has it, else its first environment. */
export function selectEnvironment(project: Project, requested: unknown): string {
  const all = environmentNames(project.config);
  if (requested === undefined) return all.includes('development') ? 'development' : (all[0] as string);
  if (typeof requested !== 'string' || !all.includes(requested)) {
    throw new UsageError(
      `unknown environment ${JSON.stringify(requested)}; this project has: ${all.join(', ')}`,
    );
  }
  return requested;
}

function asList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return items.map((s) => s.trim()).filter(Boolean);
}

/**
 * The deployment units of an environment, in dependency order, narrowed by `--service` and
 * `--customer` (each repeatable or comma-separated). An unknown name is a usage error naming the known.
 */
export async function selectUnits(
  project: Project,
  environment: string,
  filters: { service?: unknown; customer?: unknown },
): Promise<readonly ConfigUnit[]> {
  const { deploymentUnits } = await import('@clodo/config');
  const services = asList(filters.service);
  const customers = asList(filters.customer);
  const knownServices = project.config.services.map((s) => s.name);
  for (const name of services ?? []) {
    if (!knownServices.includes(name)) {
      throw new UsageError(`unknown service "${name}"; this project has: ${knownServices.join(', ')}`);
    }
  }
  const knownCustomers = project.config.customers.map((c) => c.name);
  for (const name of customers ?? []) {
    if (!knownCustomers.includes(name)) {
      throw new UsageError(
        `unknown customer "${name}"; ${knownCustomers.length ? `this project has: ${knownCustomers.join(', ')}` : 'this project has no customers'}`,
      );
    }
  }
  return deploymentUnits(project.config, environment).filter(
    (u) =>
      (!services || services.includes(u.service)) &&
      (!customers || (u.customer !== undefined && customers.includes(u.customer))),
  );
}

/** The secret values a unit's service has locally (`.dev.vars.<env>`, or `.dev.vars` in development). */
export async function unitSecrets(project: Project, unit: ConfigUnit): Promise<Record<string, string>> {
  const service = project.config.services.find((s) => s.name === unit.service);
  if (!service) return {};
  return localSecrets(join(project.root, service.path), unit.environment);
}

/** `service`, `service@customer`: how a unit is named in output. */
export function unitLabel(unit: { service: string; customer?: string }): string {
  return unit.customer ? `${unit.service}@${unit.customer}` : unit.service;
}

import { ConfigError, ConfigErrorCode } from '../errors.js';
import type { ClodoConfig, EnvironmentTarget } from '../model/types.js';
import { serviceHostname, serviceUrl } from '../naming/service-url.js';
import { databaseName, workerName } from '../naming/unit-names.js';
import { orderServices } from './order-services.js';

/** One worker to deploy: a service in an environment, for the project or for one customer. */
export interface DeploymentUnit {
  readonly service: string;
  readonly environment: string;
  readonly customer?: string;
  readonly target: EnvironmentTarget;
  readonly workerName: string;
  /** D1 database names by binding. */
  readonly databases: Readonly<Record<string, string>>;
  readonly hostname?: string;
  readonly url?: string;
}

/** Services a customer gets: its `services` list, or all of them. */
export function customerServices(config: ClodoConfig, customer: string): readonly string[] {
  const entry = config.customers.find((c) => c.name === customer);
  return entry?.services ?? config.services.map((s) => s.name);
}

/**
 * Every unit of an environment in deployment order: services in dependency order; for each, the
 * project's own unit then one per customer that has the service. A dependency's units therefore
 * all come before any unit that depends on it.
 */
export function deploymentUnits(config: ClodoConfig, environment: string): readonly DeploymentUnit[] {
  const env = config.environments[environment];
  if (!env || !Object.hasOwn(config.environments, environment)) {
    throw new ConfigError(
      ConfigErrorCode.INVALID_ARGUMENT,
      [
        {
          path: 'environment',
          message: `unknown environment "${String(environment)}"`,
          hint: `known: ${Object.keys(config.environments).join(', ')}`,
        },
      ],
      'Invalid argument',
    );
  }
  const units: DeploymentUnit[] = [];
  for (const service of orderServices(config)) {
    const customers = [
      undefined,
      ...config.customers
        .filter((c) => (c.services ?? [service.name]).includes(service.name))
        .map((c) => c.name),
    ];
    for (const customer of customers) {
      const ref = { service: service.name, environment, ...(customer ? { customer } : {}) };
      const databases: Record<string, string> = {};
      for (const d1 of service.features.d1) {
        databases[d1.binding] = databaseName({ ...ref, ...(d1.database ? { database: d1.database } : {}) });
      }
      const hostname = serviceHostname(config, ref);
      const url = serviceUrl(config, ref);
      units.push(
        Object.freeze({
          ...ref,
          target: env.target,
          workerName: workerName(ref),
          databases: Object.freeze(databases),
          ...(hostname ? { hostname } : {}),
          ...(url ? { url } : {}),
        }),
      );
    }
  }
  return Object.freeze(units);
}

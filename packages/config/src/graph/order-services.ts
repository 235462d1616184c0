import { ConfigError, ConfigErrorCode } from '../errors.js';
import type { ClodoConfig, ServiceConfig } from '../model/types.js';
import { describeCycle, dependencyOrder } from './dependency-order.js';

/** The config's services with every `dependsOn` target before its dependents (declaration order on ties). */
export function orderServices(config: Pick<ClodoConfig, 'services'>): readonly ServiceConfig[] {
  const { order, cycles } = dependencyOrder(config.services);
  if (cycles.length > 0) {
    throw new ConfigError(
      ConfigErrorCode.CONFIG_INVALID,
      cycles.map((cycle) => ({
        path: `services[${config.services.findIndex((s) => s.name === cycle[0])}].dependsOn`,
        message: `dependency cycle: ${describeCycle(cycle)}`,
        hint: 'remove one of these dependsOn entries so the services can be deployed in order',
      })),
    );
  }
  const byName = new Map(config.services.map((s) => [s.name, s]));
  return Object.freeze(order.map((name) => byName.get(name)!));
}

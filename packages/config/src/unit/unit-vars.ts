import type { ClodoConfig, Vars } from '../model/types.js';
import { resolveUnit } from '../naming/service-url.js';
import type { UnitRef } from '../naming/unit-names.js';

/** Vars every generated worker gets, so code can tell where it runs without extra config. */
export const BUILT_IN_VARS = ['CLODO_SERVICE', 'CLODO_ENVIRONMENT', 'CLODO_CUSTOMER'] as const;

/**
 * Plain-text vars of a unit, later sources winning: environment, service, the service's override for
 * the environment, customer, the customer's override for the environment; then the built-in vars.
 */
export function unitVars(config: ClodoConfig, unit: UnitRef): Record<string, string | number | boolean> {
  const { service, environment, customer } = resolveUnit(config, unit);
  const layers: (Vars | undefined)[] = [
    environment.vars,
    service.vars,
    service.environments[environment.name]?.vars,
    customer?.vars,
    customer?.environments[environment.name]?.vars,
  ];
  const vars: Record<string, string | number | boolean> = {};
  for (const layer of layers) Object.assign(vars, layer ?? {});
  vars.CLODO_SERVICE = service.name;
  vars.CLODO_ENVIRONMENT = environment.name;
  if (customer) vars.CLODO_CUSTOMER = customer.name;
  return vars;
}

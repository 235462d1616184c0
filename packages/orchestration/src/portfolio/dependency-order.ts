import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';

/**
 * The units a unit waits for: for each service it depends on, that service's unit for the same
 * customer when there is one, else every unit of that service (a shared service).
 */
export function dependenciesOf(unit: DeploymentUnit, units: readonly DeploymentUnit[]): DeploymentUnit[] {
  const result: DeploymentUnit[] = [];
  for (const service of unit.dependsOn ?? []) {
    const ofService = units.filter((u) => u.service === service);
    if (ofService.length === 0) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.UNKNOWN_DEPENDENCY,
        `${unit.service}: dependsOn names "${service}", which is not in this portfolio`,
        { service: unit.service, dependsOn: service },
      );
    }
    const sameCustomer = ofService.filter((u) => u.customer === unit.customer);
    result.push(...(sameCustomer.length > 0 ? sameCustomer : ofService));
  }
  return result;
}

/**
 * Orders units so each comes after everything it depends on, keeping the given order otherwise.
 * A cycle is an error naming it (`a -> b -> a`), raised before anything runs.
 */
export function orderByDependencies(units: readonly DeploymentUnit[]): DeploymentUnit[] {
  const deps = new Map(units.map((u) => [u.id, dependenciesOf(u, units)]));
  const ordered: DeploymentUnit[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: DeploymentUnit[] = [];

  const visit = (unit: DeploymentUnit): void => {
    const seen = state.get(unit.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.findIndex((u) => u.id === unit.id)), unit].map((u) => u.service);
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.DEPENDENCY_CYCLE,
        `dependsOn has a cycle: ${cycle.join(' -> ')}`,
        { cycle },
      );
    }
    state.set(unit.id, 'visiting');
    path.push(unit);
    for (const dep of deps.get(unit.id) ?? []) visit(dep);
    path.pop();
    state.set(unit.id, 'done');
    ordered.push(unit);
  };
  for (const unit of units) visit(unit);
  return ordered;
}

/** What a unit is made from: a service in one environment, optionally for one customer. */
export interface UnitSpec {
  service: string;
  environment: string;
  customer?: string;
  /** Services (by name) this one needs deployed and verified first. */
  dependsOn?: readonly string[];
  /** Whether the environment is production (backups before migrations, stricter gates). */
  production?: boolean;
  /** Whether this unit has D1 migrations to apply. */
  hasDatabase?: boolean;
  /** Free-form data the `DeploymentSteps` implementation needs (paths, worker name, ...). */
  meta?: Readonly<Record<string, unknown>>;
}

/** One thing to deploy: a service in one environment, optionally for one customer. */
export interface DeploymentUnit extends UnitSpec {
  /** Stable key, unique within a run: `<service>` or `<service>@<customer>`, plus `:<environment>`. */
  id: string;
  /** The run's id; set by the orchestrator on the unit it hands to `DeploymentSteps`. */
  deploymentId?: string;
}

export function unitId(spec: Pick<UnitSpec, 'service' | 'environment' | 'customer'>): string {
  return `${spec.service}${spec.customer ? `@${spec.customer}` : ''}:${spec.environment}`;
}

export function toUnit(spec: UnitSpec): DeploymentUnit {
  return {
    ...spec,
    id: unitId(spec),
    production: spec.production ?? spec.environment === 'production',
  };
}

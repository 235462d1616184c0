import type { DeploymentUnit } from './deployment-unit.js';

/** Every step a unit can go through, in the order a single-service run takes them. */
export type StepName =
  | 'validate'
  | 'build'
  | 'read-version'
  | 'backup'
  | 'migrate'
  | 'secrets'
  | 'deploy'
  | 'health'
  | 'tests'
  | 'upload-version'
  | 'set-traffic'
  | 'observe'
  | 'rollback'
  | 'remove-secrets';

/** One command or API call a real run makes; what a dry run returns, in order. */
export interface PlannedCall {
  kind: 'command' | 'api';
  /** The command line (never with secret values) or `METHOD path`. */
  description: string;
  /** Whether the call changes anything remote or local. */
  mutating: boolean;
  step?: StepName;
  unit?: string;
}

export type FindingSeverity = 'critical' | 'error' | 'warning';

export interface StepFinding {
  severity: FindingSeverity;
  message: string;
  /** `config`, `security`, `credentials`, `bundle`, `migrations`, ... */
  check?: string;
}

export interface ValidationOutcome {
  /** False when any finding is `critical` or `error`. */
  ok: boolean;
  findings: StepFinding[];
}

export interface MigrateOutcome {
  applied: string[];
  createdDatabase?: boolean;
}

export interface SecretsOutcome {
  /** Names the worker lacked and now has; removing them undoes the sync. */
  created: string[];
  rotated: string[];
}

export interface DeployOutcome {
  versionId: string;
  url?: string;
}

export interface HealthOutcome {
  healthy: boolean;
  status?: number;
  detail?: string;
}

export interface TestOutcome {
  passed: boolean;
  /** One line per failed check; empty when passed. */
  failures: string[];
  total?: number;
}

export interface TrafficSplit {
  versionId: string;
  percentage: number;
}

export interface TrafficObservation {
  healthy: boolean;
  /** Failed / total requests in the observation window, 0..1. */
  errorRate: number;
  requests: number;
}

/**
 * The side effects an orchestrator needs for one unit. `createDeploymentSteps` (adapters) implements
 * it with @clodo/deployment and @clodo/testers; tests implement it with fakes.
 *
 * `describe` returns the commands and API calls a step would make, without making them: dry runs
 * call nothing else.
 */
export interface DeploymentSteps {
  describe(step: StepName, unit: DeploymentUnit): PlannedCall[];
  /** Read-only preflight (config, security rules, credentials, bundle). */
  validate(unit: DeploymentUnit): Promise<ValidationOutcome>;
  /** Builds the bundle; optional when `deploy` builds. */
  build?(unit: DeploymentUnit): Promise<void>;
  /** The version serving 100 % now, or undefined for a worker never deployed. */
  currentVersion(unit: DeploymentUnit): Promise<string | undefined>;
  /** Exports the unit's D1 database; returns where the backup is. */
  backupDatabase(unit: DeploymentUnit): Promise<{ ref: string }>;
  migrate(unit: DeploymentUnit): Promise<MigrateOutcome>;
  syncSecrets(unit: DeploymentUnit): Promise<SecretsOutcome>;
  removeSecrets?(unit: DeploymentUnit, names: readonly string[]): Promise<void>;
  deploy(unit: DeploymentUnit): Promise<DeployOutcome>;
  healthCheck(unit: DeploymentUnit, url: string | undefined): Promise<HealthOutcome>;
  runTests(unit: DeploymentUnit, url: string | undefined): Promise<TestOutcome>;
  /** Restores `toVersionId` at 100 %; `undefined` means the worker had no earlier version. */
  rollback(unit: DeploymentUnit, toVersionId: string | undefined): Promise<void>;
  /** Gradual rollout: uploads a version without sending it traffic. */
  uploadVersion?(unit: DeploymentUnit): Promise<DeployOutcome>;
  setTraffic?(unit: DeploymentUnit, split: readonly TrafficSplit[]): Promise<void>;
  observe?(unit: DeploymentUnit, versionId: string): Promise<TrafficObservation>;
}

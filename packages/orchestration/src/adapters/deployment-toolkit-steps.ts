import type {
  D1MigrationTarget,
  DeploymentContext,
  DeployRequest,
  DeploymentToolkit,
  ValidationRequest,
} from '@clodo/deployment';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import { describeStep } from './toolkit-plan.js';
import type {
  DeployOutcome,
  DeploymentSteps,
  HealthOutcome,
  MigrateOutcome,
  SecretsOutcome,
  TestOutcome,
  TrafficObservation,
  ValidationOutcome,
} from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';

/** Where and how one unit is deployed; resolved by the caller (the CLI) from the project config. */
export interface UnitDeployment {
  /** The worker's name on Cloudflare, per environment (and customer). */
  workerName: string;
  /** The generated wrangler config for this unit. */
  configPath: string;
  /** The service root, where wrangler runs. */
  cwd: string;
  wranglerEnv?: string;
  /** The D1 `database_name` in the config, for units with `hasDatabase`. */
  databaseName?: string;
  /** Every secret the service needs, name → value (values go to wrangler on stdin only). */
  secrets?: Readonly<Record<string, string>>;
  /** Names whose value changed since the last sync. */
  rotatedSecrets?: readonly string[];
  /** Extra preflight input (config issues, security rule input, whether to build the bundle). */
  validation?: Pick<
    ValidationRequest,
    'configIssues' | 'security' | 'securityFindings' | 'checkBundle' | 'level'
  >;
  /** Annotation stored with the deployment. */
  message?: string;
}

/** Smoke tests against a deployed URL (e.g. `ProductionTester` from @clodo/testers). */
export type SmokeTests = (unit: DeploymentUnit, url: string) => Promise<TestOutcome>;

/** How a gradual rollout step judges the new version (see `TrafficObserver.observe`). */
export interface RolloutObservation {
  /** Path the probe requests go to (default `/`). */
  probePath?: string;
  /** Requests the new version must have answered before it is judged (default 20). */
  minRequests?: number;
  /** Most probe requests per step (default 400). */
  maxProbes?: number;
}

export interface DeploymentToolkitStepsOptions {
  toolkit: Pick<
    DeploymentToolkit,
    'target' | 'api' | 'validator' | 'migrator' | 'secrets' | 'deployer' | 'health' | 'rollback'
  > &
    Partial<Pick<DeploymentToolkit, 'versions' | 'traffic'>>;
  resolve(unit: DeploymentUnit): UnitDeployment;
  /** Run after the health check when the `tests` capability is on (e.g. `createSmokeTests()`). */
  tests?: SmokeTests;
  rollout?: RolloutObservation;
}

/**
 * `DeploymentSteps` over @clodo/deployment: real wrangler for builds, migrations, secrets, deploys,
 * version uploads, traffic splits and rollbacks, the REST API for reads. Gradual rollout is offered
 * when the toolkit has `versions` and a target that reports per-version traffic (the local emulator);
 * otherwise its methods are absent and enterprise runs deploy production in one step. Secret removal
 * is not offered.
 */
export function createDeploymentSteps(options: DeploymentToolkitStepsOptions): DeploymentSteps {
  if (!options?.toolkit || typeof options.resolve !== 'function') {
    throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'toolkit and resolve: required');
  }
  const { toolkit, tests } = options;
  const observation = options.rollout ?? {};
  // Traffic counters right after each split, so an observation counts only what the split served.
  const baselines = new Map<string, Awaited<ReturnType<NonNullable<typeof toolkit.traffic>['baseline']>>>();
  const resolve = (unit: DeploymentUnit): UnitDeployment => {
    const resolved = options.resolve(unit);
    for (const key of ['workerName', 'configPath', 'cwd'] as const) {
      if (typeof resolved?.[key] !== 'string' || resolved[key] === '') {
        throw new OrchestrationError(
          ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
          `${unit.id}: resolve() gave no ${key}`,
        );
      }
    }
    return resolved;
  };
  const contextOf = (unit: DeploymentUnit): DeploymentContext => ({
    deploymentId: unit.deploymentId ?? 'unattributed',
    service: unit.service,
    environment: unit.environment,
    ...(unit.customer ? { customer: unit.customer } : {}),
  });
  // What every wrangler call for the unit is given: the run's context, the config, where it runs, `--env`.
  const wranglerRun = (unit: DeploymentUnit, r: UnitDeployment) => ({
    context: contextOf(unit),
    configPath: r.configPath,
    cwd: r.cwd,
    ...(r.wranglerEnv ? { wranglerEnv: r.wranglerEnv } : {}),
  });
  const d1Target = (unit: DeploymentUnit): D1MigrationTarget => {
    const r = resolve(unit);
    if (!r.databaseName) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `${unit.id}: resolve() gave no databaseName`,
      );
    }
    return { ...wranglerRun(unit, r), databaseName: r.databaseName };
  };
  // `wrangler deploy` and `wrangler versions upload` take the same request and report alike.
  const publish = async (
    unit: DeploymentUnit,
    upload: (request: DeployRequest) => Promise<{ versionId: string; url: string | undefined }>,
  ): Promise<DeployOutcome> => {
    const r = resolve(unit);
    const result = await upload({
      ...wranglerRun(unit, r),
      workerName: r.workerName,
      message: r.message ?? `clodo ${unit.deploymentId ?? ''}`.trim(),
    });
    return { versionId: result.versionId, ...(result.url ? { url: result.url } : {}) };
  };
  const urlOf = (unit: DeploymentUnit, url: string | undefined): string => {
    const resolved = url ?? toolkit.target.workerUrl?.(resolve(unit).workerName);
    if (!resolved) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, `${unit.id}: no URL to check`);
    }
    return resolved;
  };

  const steps: DeploymentSteps = {
    describe: (step, unit) => describeStep(step, unit, resolve(unit), tests !== undefined),

    async validate(unit): Promise<ValidationOutcome> {
      const r = resolve(unit);
      const report = await toolkit.validator.validate({
        ...wranglerRun(unit, r),
        target: toolkit.target,
        ...r.validation,
      });
      return {
        ok: report.ok,
        findings: report.findings.map((f) => ({ severity: f.severity, message: f.message, check: f.check })),
      };
    },

    async currentVersion(unit) {
      const [latest] = await toolkit.api.listDeployments(resolve(unit).workerName);
      return latest?.versions.find((v) => v.percentage === 100)?.versionId;
    },

    async backupDatabase(unit) {
      const target = d1Target(unit);
      await toolkit.migrator.ensureDatabase(target);
      return { ref: await toolkit.migrator.backup(target) };
    },

    async migrate(unit): Promise<MigrateOutcome> {
      // The orchestrator has already taken the production backup.
      const result = await toolkit.migrator.migrate({ ...d1Target(unit), production: false });
      return { applied: result.appliedNow, createdDatabase: result.created };
    },

    async syncSecrets(unit): Promise<SecretsOutcome> {
      const r = resolve(unit);
      const result = await toolkit.secrets.sync({
        context: contextOf(unit),
        workerName: r.workerName,
        cwd: r.cwd,
        configPath: r.configPath,
        required: r.secrets ?? {},
        ...(r.rotatedSecrets ? { rotated: r.rotatedSecrets } : {}),
      });
      return { created: result.created, rotated: result.rotated };
    },

    deploy: (unit) => publish(unit, (request) => toolkit.deployer.deploy(request)),

    async healthCheck(unit, url): Promise<HealthOutcome> {
      const result = await toolkit.health.check(urlOf(unit, url));
      return {
        healthy: result.healthy,
        ...(result.status !== undefined ? { status: result.status } : {}),
        ...(result.error ? { detail: result.error } : {}),
      };
    },

    async runTests(unit, url): Promise<TestOutcome> {
      if (!tests) {
        throw new OrchestrationError(
          ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
          'no smoke tests configured: pass `tests` to createDeploymentSteps or turn the tests capability off',
        );
      }
      return tests(unit, urlOf(unit, url));
    },

    async rollback(unit, toVersionId) {
      if (toVersionId === undefined) {
        throw new OrchestrationError(
          ORCHESTRATION_ERRORS.COMPENSATION_FAILED,
          `${unit.id} had no earlier version to restore; the new version stays deployed`,
        );
      }
      const r = resolve(unit);
      await toolkit.rollback.rollback({
        context: contextOf(unit),
        workerName: r.workerName,
        cwd: r.cwd,
        url: urlOf(unit, undefined),
        to: toVersionId,
        reason: `clodo compensation for ${unit.deploymentId ?? 'a failed run'}`,
      });
    },
  };

  const versions = toolkit.versions;
  const traffic = toolkit.traffic;
  if (!versions || !traffic?.supported) return steps;

  steps.uploadVersion = (unit) => publish(unit, (request) => versions.upload(request));

  steps.setTraffic = async (unit, split) => {
    const r = resolve(unit);
    await versions.split({
      ...wranglerRun(unit, r),
      workerName: r.workerName,
      split,
      message: `clodo ${unit.deploymentId ?? ''} ${split.map((s) => `${s.percentage}%`).join('/')}`.trim(),
    });
    baselines.set(unit.id, await traffic.baseline(r.workerName));
  };

  steps.observe = async (unit, versionId): Promise<TrafficObservation> => {
    const r = resolve(unit);
    const url = urlOf(unit, undefined);
    const since = baselines.get(unit.id);
    const seen = await traffic.observe({
      workerName: r.workerName,
      versionId,
      url,
      ...(since ? { since } : {}),
      ...observation,
    });
    const health = await toolkit.health.check(url);
    // Too little traffic to judge counts as unhealthy: a rollout must not advance on no evidence.
    return { healthy: health.healthy && seen.enough, errorRate: seen.errorRate, requests: seen.requests };
  };
  return steps;
}

import { BaseDeploymentOrchestrator, type BaseOrchestratorOptions } from '../base/base-orchestrator.js';
import type { CompensationRecord } from '../base/compensation.js';
import type { PhaseContext } from '../base/context.js';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { DeploymentSteps } from '../ports/deployment-steps.js';
import { type DeploymentUnit, toUnit, type UnitSpec } from '../ports/deployment-unit.js';
import { type Capability, parseCapabilities } from '../pipeline/capabilities.js';
import {
  compensateFromRecord,
  deployUnit,
  type PipelineHost,
  prepareUnit,
  recordVersions,
  validateUnit,
  verifyUnit,
} from '../pipeline/unit-pipeline.js';
import { dependenciesOf, orderByDependencies } from '../portfolio/dependency-order.js';
import {
  checkConcurrency,
  checkFailurePolicy,
  type FailurePolicy,
  runUnits,
} from '../portfolio/run-units.js';
import { requireSteps, requireUnitSpec } from './single-service.js';

/** A service of the portfolio; with `customers` it becomes one unit per customer. */
export interface PortfolioService {
  service: string;
  customers?: readonly string[];
  dependsOn?: readonly string[];
  hasDatabase?: boolean;
  meta?: Readonly<Record<string, unknown>>;
}

export interface PortfolioOptions extends BaseOrchestratorOptions {
  steps: DeploymentSteps;
  environment: string;
  services: readonly PortfolioService[];
  /** Whether `environment` is production (default: its name is `production`). */
  production?: boolean;
  /** Units in flight at once, at least 1 (default 2). */
  concurrency?: number;
  /** Default `stop`. */
  failurePolicy?: FailurePolicy;
  capabilities?: readonly string[];
}

/** Many services × customers in one environment, in dependency order with bounded concurrency. */
export class PortfolioOrchestrator extends BaseDeploymentOrchestrator implements PipelineHost {
  readonly steps: DeploymentSteps;
  readonly capabilities: ReadonlySet<Capability>;
  readonly concurrency: number;
  readonly failurePolicy: FailurePolicy;
  /** Units in the order they may start (each after everything it depends on). */
  readonly units: readonly DeploymentUnit[];
  readonly #dependencies: ReadonlyMap<string, readonly DeploymentUnit[]>;

  constructor(options: PortfolioOptions) {
    super({
      ...options,
      scope: options?.scope ?? { service: '*', environment: options?.environment ?? '*' },
    });
    this.steps = requireSteps(options?.steps);
    this.capabilities = parseCapabilities(options?.capabilities);
    this.concurrency = checkConcurrency(options.concurrency ?? 2);
    this.failurePolicy = checkFailurePolicy(options.failurePolicy ?? 'stop');
    const units = expandServices(options.services, options.environment, options.production);
    // Cycles and unknown dependencies are rejected here, before anything can change.
    this.units = orderByDependencies(units);
    this.#dependencies = new Map(units.map((u) => [u.id, dependenciesOf(u, units)]));
  }

  override get kind(): string {
    return 'portfolio';
  }

  protected override async onInitialize(ctx: PhaseContext): Promise<void> {
    for (const unit of this.units) ctx.addUnit(unit);
  }

  protected override async onValidate(ctx: PhaseContext): Promise<void> {
    const pending = this.units.filter((unit) => ctx.unit(unit.id).state !== 'succeeded');
    const failures: (string | undefined)[] = [];
    // Every unit is validated before anything deploys; the checks themselves (a dry-run bundle
    // each) run side by side up to `concurrency`. A dry run plans them in order.
    const width = ctx.dryRun ? 1 : Math.min(this.concurrency, pending.length);
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const index = next++;
        const unit = pending[index] as DeploymentUnit;
        try {
          await validateUnit(ctx, this, unit);
        } catch (error) {
          await ctx.setUnitState(unit.id, 'failed', error);
          failures[index] = error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    const messages = failures.filter((m): m is string => m !== undefined);
    if (messages.length > 0) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.VALIDATION_FAILED, messages.join('; '));
    }
  }

  protected override async onDeploy(ctx: PhaseContext): Promise<void> {
    await runUnits(ctx, {
      units: this.units,
      dependencies: this.#dependencies,
      concurrency: this.concurrency,
      failurePolicy: this.failurePolicy,
      deployOne: async (unit) => {
        await prepareUnit(ctx, this, unit);
        await deployUnit(ctx, this, unit);
        await verifyUnit(ctx, this, unit);
      },
    });
  }

  protected override async onMonitor(ctx: PhaseContext): Promise<void> {
    await recordVersions(ctx, this.units);
  }

  protected override async compensate(record: CompensationRecord, ctx: PhaseContext): Promise<void> {
    await compensateFromRecord(ctx, this, record, this.units);
  }
}

export function expandServices(
  services: readonly PortfolioService[] | undefined,
  environment: string | undefined,
  production: boolean | undefined,
): DeploymentUnit[] {
  if (typeof environment !== 'string' || environment === '') {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'environment: expected a non-empty string',
    );
  }
  if (!Array.isArray(services) || services.length === 0) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'services: expected a non-empty array',
    );
  }
  const units: DeploymentUnit[] = [];
  services.forEach((service, index) => {
    const base: UnitSpec = { ...service, environment, ...(production !== undefined ? { production } : {}) };
    requireUnitSpec(base, `services[${index}]`);
    if (
      service.customers !== undefined &&
      (!Array.isArray(service.customers) || service.customers.length === 0)
    ) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `services[${index}].customers: expected a non-empty array of names`,
      );
    }
    const { customers, ...rest } = service;
    for (const customer of customers ?? [undefined]) {
      const spec: UnitSpec = { ...rest, environment, ...(production !== undefined ? { production } : {}) };
      if (customer !== undefined) spec.customer = customer;
      requireUnitSpec(spec, `services[${index}]`);
      units.push(toUnit(spec));
    }
  });
  const seen = new Set<string>();
  for (const unit of units) {
    if (seen.has(unit.id)) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `services: "${unit.id}" appears twice`,
      );
    }
    seen.add(unit.id);
  }
  return units;
}

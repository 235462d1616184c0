import { BaseDeploymentOrchestrator, type BaseOrchestratorOptions } from '../base/base-orchestrator.js';
import type { CompensationRecord } from '../base/compensation.js';
import type { PhaseContext } from '../base/context.js';
import type { PhaseName } from '../base/phases.js';
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

export interface SingleServiceOptions extends BaseOrchestratorOptions {
  steps: DeploymentSteps;
  unit: UnitSpec;
  /** Default: everything but `gradual-rollout`. */
  capabilities?: readonly string[];
}

/** Single-service runs also stop when preparation (migrations, secrets) fails. */
export const SINGLE_SERVICE_CRITICAL_PHASES: readonly PhaseName[] = [
  'validate',
  'prepare',
  'deploy',
  'verify',
];

/**
 * One service into one environment: validate → build → D1 (backup first in production) → secrets
 * → deploy → health check and smoke tests → the version recorded for rollback.
 */
export class SingleServiceOrchestrator extends BaseDeploymentOrchestrator implements PipelineHost {
  readonly steps: DeploymentSteps;
  readonly unit: DeploymentUnit;
  readonly capabilities: ReadonlySet<Capability>;

  constructor(options: SingleServiceOptions) {
    super({
      criticalPhases: SINGLE_SERVICE_CRITICAL_PHASES,
      ...options,
      scope: options?.scope ?? scopeOf(options),
    });
    this.steps = requireSteps(options?.steps);
    this.unit = toUnit(requireUnitSpec(options?.unit, 'unit'));
    this.capabilities = parseCapabilities(options?.capabilities);
  }

  override get kind(): string {
    return 'single';
  }

  protected override async onInitialize(ctx: PhaseContext): Promise<void> {
    ctx.addUnit(this.unit);
  }

  protected override async onValidate(ctx: PhaseContext): Promise<void> {
    await this.#guard(ctx, () => validateUnit(ctx, this, this.unit));
  }

  protected override async onPrepare(ctx: PhaseContext): Promise<void> {
    if (!ctx.dryRun) await ctx.setUnitState(this.unit.id, 'running');
    await this.#guard(ctx, () => prepareUnit(ctx, this, this.unit));
  }

  protected override async onDeploy(ctx: PhaseContext): Promise<void> {
    await this.#guard(ctx, () => deployUnit(ctx, this, this.unit));
  }

  protected override async onVerify(ctx: PhaseContext): Promise<void> {
    await this.#guard(ctx, () => verifyUnit(ctx, this, this.unit));
    if (!ctx.dryRun) await ctx.setUnitState(this.unit.id, 'succeeded');
  }

  protected override async onMonitor(ctx: PhaseContext): Promise<void> {
    await recordVersions(ctx, [this.unit]);
  }

  protected override async compensate(record: CompensationRecord, ctx: PhaseContext): Promise<void> {
    await compensateFromRecord(ctx, this, record, [this.unit]);
  }

  async #guard(ctx: PhaseContext, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!ctx.dryRun) await ctx.setUnitState(this.unit.id, 'failed', error);
      throw error;
    }
  }
}

function scopeOf(options: SingleServiceOptions): { service: string; environment: string } {
  return { service: options?.unit?.service ?? '*', environment: options?.unit?.environment ?? '*' };
}

export function requireSteps(steps: DeploymentSteps | undefined): DeploymentSteps {
  if (!steps || typeof steps !== 'object') {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'steps: required (a DeploymentSteps)',
    );
  }
  for (const name of [
    'describe',
    'validate',
    'currentVersion',
    'deploy',
    'healthCheck',
    'rollback',
  ] as const) {
    if (typeof steps[name] !== 'function') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `steps.${name}: expected a function`,
      );
    }
  }
  return steps;
}

export function requireUnitSpec(spec: UnitSpec | undefined, field: string): UnitSpec {
  if (!spec || typeof spec !== 'object') {
    throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, `${field}: expected an object`);
  }
  for (const key of ['service', 'environment'] as const) {
    if (typeof spec[key] !== 'string' || spec[key] === '') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `${field}.${key}: expected a non-empty string`,
      );
    }
  }
  if (spec.customer !== undefined && (typeof spec.customer !== 'string' || spec.customer === '')) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      `${field}.customer: expected a non-empty string`,
    );
  }
  if (spec.dependsOn !== undefined && !Array.isArray(spec.dependsOn)) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      `${field}.dependsOn: expected an array`,
    );
  }
  return spec;
}

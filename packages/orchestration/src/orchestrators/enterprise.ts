import type { BaseOrchestratorOptions, ExecuteOptions, ResumeOptions } from '../base/base-orchestrator.js';
import { BaseDeploymentOrchestrator } from '../base/base-orchestrator.js';
import type { CompensationRecord } from '../base/compensation.js';
import type { PhaseContext } from '../base/context.js';
import type { OrchestrationResult } from '../base/result.js';
import { approvalFlag, type ApprovalGate } from '../enterprise/approval.js';
import { buildAuditReport, type EnterpriseAuditReport } from '../enterprise/audit-report.js';
import {
  activeFreeze,
  checkFreezeWindows,
  type FreezeWindow,
  freezeError,
} from '../enterprise/freeze-window.js';
import { checkRollout, gradualRollout, type RolloutPolicy } from '../enterprise/gradual-rollout.js';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { DeploymentSteps } from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { CAPABILITIES, type Capability, parseCapabilities } from '../pipeline/capabilities.js';
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
import { expandServices, type PortfolioService } from './portfolio.js';
import { requireSteps } from './single-service.js';

export const DEFAULT_ENVIRONMENTS: readonly string[] = ['dev', 'staging', 'production'];

export interface EnterpriseOptions extends BaseOrchestratorOptions {
  steps: DeploymentSteps;
  services: readonly PortfolioService[];
  /** Promotion order (default dev, staging, production). */
  environments?: readonly string[];
  /** Environments that need approval, no critical finding and a gradual rollout (default: `production`). */
  productionEnvironments?: readonly string[];
  /** `true`/`false` as a flag, or a gate such as `ApprovalPolicyFile`. Absent: not approved. */
  approval?: boolean | ApprovalGate;
  freezeWindows?: readonly FreezeWindow[];
  rollout?: Partial<RolloutPolicy>;
  concurrency?: number;
  failurePolicy?: FailurePolicy;
  /** Default: everything, with `gradual-rollout` when `steps` can set traffic. */
  capabilities?: readonly string[];
}

export interface EnterpriseResult extends OrchestrationResult {
  report: EnterpriseAuditReport;
}

type Collected = Pick<EnterpriseAuditReport, 'approvals' | 'findings' | 'rollout'>;

/**
 * Promotion across environments in order: the next starts only when every unit of the previous one
 * passed its tests. Production needs an approval and no critical finding, and is rolled out
 * gradually (10 → 50 → 100 % by default) with health and error-rate checks between steps.
 */
export class EnterpriseOrchestrator extends BaseDeploymentOrchestrator implements PipelineHost {
  readonly steps: DeploymentSteps;
  readonly capabilities: ReadonlySet<Capability>;
  readonly environments: readonly string[];
  readonly productionEnvironments: readonly string[];
  readonly rollout: RolloutPolicy;
  readonly concurrency: number;
  readonly failurePolicy: FailurePolicy;
  readonly #units = new Map<string, DeploymentUnit[]>();
  readonly #dependencies = new Map<string, readonly DeploymentUnit[]>();
  readonly #approval: ApprovalGate;
  readonly #freezes: FreezeWindow[];
  readonly #collected = new Map<string, Collected>();

  constructor(options: EnterpriseOptions) {
    super({ ...options, scope: options?.scope ?? { service: '*', environment: '*' } });
    this.steps = requireSteps(options?.steps);
    const rolloutCapable = ['uploadVersion', 'setTraffic', 'observe'].filter(
      (m) => typeof (this.steps as unknown as Record<string, unknown>)[m] !== 'function',
    );
    this.capabilities = parseCapabilities(
      options.capabilities ??
        CAPABILITIES.filter((c) => c !== 'gradual-rollout' || rolloutCapable.length === 0),
    );
    if (this.capabilities.has('gradual-rollout') && rolloutCapable.length > 0) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `capabilities: gradual-rollout needs steps.${rolloutCapable.join(', steps.')}`,
      );
    }
    this.environments = [...(options.environments ?? DEFAULT_ENVIRONMENTS)];
    if (this.environments.length === 0 || this.environments.some((e) => typeof e !== 'string' || e === '')) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        'environments: expected non-empty names',
      );
    }
    if (new Set(this.environments).size !== this.environments.length) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        'environments: a name appears twice',
      );
    }
    this.productionEnvironments = [...(options.productionEnvironments ?? ['production'])];
    this.rollout = checkRollout(options.rollout);
    this.concurrency = checkConcurrency(options.concurrency ?? 2);
    this.failurePolicy = checkFailurePolicy(options.failurePolicy ?? 'stop');
    this.#freezes = checkFreezeWindows(options.freezeWindows);
    this.#approval =
      typeof options.approval === 'object' && options.approval !== null
        ? options.approval
        : approvalFlag(options.approval === true);
    for (const environment of this.environments) {
      const production = this.productionEnvironments.includes(environment);
      const units = orderByDependencies(expandServices(options.services, environment, production));
      this.#units.set(environment, units);
      for (const unit of units) this.#dependencies.set(unit.id, dependenciesOf(unit, units));
    }
  }

  override get kind(): string {
    return 'enterprise';
  }

  /** Every unit, environment by environment. */
  get units(): DeploymentUnit[] {
    return this.environments.flatMap((e) => this.#units.get(e) ?? []);
  }

  override async execute(options: ExecuteOptions = {}): Promise<EnterpriseResult> {
    return this.#withReport(await super.execute(options));
  }

  override async resume(deploymentId: string, options: ResumeOptions): Promise<EnterpriseResult> {
    return this.#withReport(await super.resume(deploymentId, options));
  }

  protected override async onInitialize(ctx: PhaseContext): Promise<void> {
    this.#collected.set(ctx.deploymentId, { approvals: [], findings: [], rollout: [] });
    for (const unit of this.units) ctx.addUnit(unit);
  }

  /** Before any change: no frozen environment, every unit valid, production approved. */
  protected override async onValidate(ctx: PhaseContext): Promise<void> {
    const collected = this.#collectedOf(ctx);
    for (const environment of this.environments) {
      const frozen = activeFreeze(this.#freezes, environment, ctx.clock.now());
      if (frozen) throw freezeError(frozen, environment);
    }
    const failures: string[] = [];
    for (const unit of this.units) {
      if (ctx.unit(unit.id).state === 'succeeded') continue;
      try {
        await validateUnit(ctx, this, unit, (outcome) => {
          collected.findings.push(...outcome.findings.map((f) => ({ ...f, unit: unit.id })));
        });
      } catch (error) {
        await ctx.setUnitState(unit.id, 'failed', error);
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length > 0) {
      throw new OrchestrationError(ORCHESTRATION_ERRORS.VALIDATION_FAILED, failures.join('; '));
    }
    if (ctx.dryRun) return;
    for (const environment of this.environments.filter((e) => this.productionEnvironments.includes(e))) {
      const services = (this.#units.get(environment) ?? []).map((u) => u.service);
      const decision = await this.#approval.check({ deploymentId: ctx.deploymentId, environment, services });
      collected.approvals.push({ ...decision, environment });
      await ctx.audit('approval', decision.approved ? 'succeeded' : 'failed', { environment, ...decision });
      if (!decision.approved) {
        throw new OrchestrationError(
          ORCHESTRATION_ERRORS.APPROVAL_REQUIRED,
          `${environment} requires an approval: ${decision.reason ?? 'not approved'} (source: ${decision.source})`,
          { environment },
        );
      }
    }
  }

  protected override async onDeploy(ctx: PhaseContext): Promise<void> {
    const collected = this.#collectedOf(ctx);
    let blocked: string | undefined;
    for (const environment of this.environments) {
      const units = this.#units.get(environment) ?? [];
      if (blocked) {
        for (const unit of units) {
          if (ctx.unit(unit.id).state === 'pending') {
            await ctx.setUnitState(
              unit.id,
              'skipped',
              new OrchestrationError(ORCHESTRATION_ERRORS.GATE_FAILED, blocked),
            );
          }
        }
        continue;
      }
      const frozen = activeFreeze(this.#freezes, environment, ctx.clock.now());
      if (frozen && !ctx.dryRun) {
        const error = freezeError(frozen, environment);
        ctx.recordError(error);
        blocked = `${environment} not started: ${error.message}`;
        for (const unit of units) await ctx.setUnitState(unit.id, 'skipped', error);
        continue;
      }
      await ctx.audit('environment', 'started', { environment });
      const production = this.productionEnvironments.includes(environment);
      const gradual = production && this.capabilities.has('gradual-rollout');
      const passed = await runUnits(ctx, {
        units,
        dependencies: this.#dependencies,
        concurrency: this.concurrency,
        failurePolicy: this.failurePolicy,
        deployOne: async (unit) => {
          await prepareUnit(ctx, this, unit);
          if (gradual) await gradualRollout(ctx, this, unit, this.rollout, (s) => collected.rollout.push(s));
          else await deployUnit(ctx, this, unit);
          await verifyUnit(ctx, this, unit);
        },
      });
      await ctx.audit('environment', passed ? 'succeeded' : 'failed', { environment });
      if (!passed) {
        const next = this.environments[this.environments.indexOf(environment) + 1];
        blocked = `${environment} did not pass its tests${next ? `; ${next} not started` : ''}`;
        if (next) ctx.recordError(new OrchestrationError(ORCHESTRATION_ERRORS.GATE_FAILED, blocked));
      }
    }
  }

  protected override async onMonitor(ctx: PhaseContext): Promise<void> {
    await recordVersions(ctx, this.units);
  }

  protected override async compensate(record: CompensationRecord, ctx: PhaseContext): Promise<void> {
    await compensateFromRecord(ctx, this, record, this.units);
  }

  #collectedOf(ctx: PhaseContext): Collected {
    let collected = this.#collected.get(ctx.deploymentId);
    if (!collected) {
      collected = { approvals: [], findings: [], rollout: [] };
      this.#collected.set(ctx.deploymentId, collected);
    }
    return collected;
  }

  async #withReport(result: OrchestrationResult): Promise<EnterpriseResult> {
    const collected = this.#collected.get(result.deploymentId) ?? {
      approvals: [],
      findings: [],
      rollout: [],
    };
    this.#collected.delete(result.deploymentId);
    const report = buildAuditReport(result, this.environments, collected, this.clock.now());
    if (!result.dryRun && this.auditSink) {
      await this.auditSink.record({
        deploymentId: result.deploymentId,
        service: '*',
        environment: '*',
        step: 'audit-report',
        outcome: result.status === 'succeeded' ? 'succeeded' : 'failed',
        details: { report },
      });
    }
    return { ...result, report };
  }
}

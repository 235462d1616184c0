import type {
  BaseDeploymentOrchestrator,
  BaseOrchestratorOptions,
  ExecuteOptions,
  ResumeOptions,
} from '../base/base-orchestrator.js';
import type { OrchestrationResult } from '../base/result.js';
import type { ApprovalGate } from '../enterprise/approval.js';
import type { FreezeWindow } from '../enterprise/freeze-window.js';
import type { RolloutPolicy } from '../enterprise/gradual-rollout.js';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { DeploymentSteps } from '../ports/deployment-steps.js';
import { parseCapabilities } from '../pipeline/capabilities.js';
import type { FailurePolicy } from '../portfolio/run-units.js';
import { EnterpriseOrchestrator } from './enterprise.js';
import { PortfolioOrchestrator, type PortfolioService } from './portfolio.js';
import { requireSteps, SingleServiceOrchestrator } from './single-service.js';

export const DEPLOYMENT_MODES = ['single', 'portfolio', 'enterprise'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** What to deploy, as the CLI or an API caller describes it. */
export interface DeploymentRequest {
  /** Chosen from the request when absent (see `selectMode`). */
  mode?: DeploymentMode;
  services: readonly PortfolioService[];
  /** One environment (single, portfolio). */
  environment?: string;
  /** A promotion order (enterprise). */
  environments?: readonly string[];
  productionEnvironments?: readonly string[];
  /** Names from `CAPABILITIES`; an unknown one is an error naming the valid ones. */
  capabilities?: readonly string[];
  concurrency?: number;
  failurePolicy?: FailurePolicy;
  approval?: boolean | ApprovalGate;
  freezeWindows?: readonly FreezeWindow[];
  rollout?: Partial<RolloutPolicy>;
}

export interface UnifiedOptions extends BaseOrchestratorOptions {
  steps: DeploymentSteps;
}

export interface UnifiedResult extends OrchestrationResult {
  mode: DeploymentMode;
}

/**
 * Single, portfolio or enterprise, from the request: an explicit `mode` wins; several environments or
 * `gradual-rollout` mean enterprise; several services or customers mean portfolio; else single.
 */
export function selectMode(request: DeploymentRequest): DeploymentMode {
  if (!request || typeof request !== 'object') {
    throw new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, 'request: expected an object');
  }
  const capabilities = parseCapabilities(request.capabilities);
  if (request.mode !== undefined) {
    if (!DEPLOYMENT_MODES.includes(request.mode)) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `mode: unknown "${String(request.mode)}"; valid modes: ${DEPLOYMENT_MODES.join(', ')}`,
      );
    }
    if (capabilities.has('gradual-rollout') && request.mode !== 'enterprise') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        `capabilities: gradual-rollout needs mode "enterprise", not "${request.mode}"`,
      );
    }
    return request.mode;
  }
  if ((request.environments?.length ?? 0) > 1 || capabilities.has('gradual-rollout')) return 'enterprise';
  const services = Array.isArray(request.services) ? request.services : [];
  const units = services.reduce((n, s) => n + (s?.customers?.length ?? 1), 0);
  return units > 1 ? 'portfolio' : 'single';
}

/** One entry point for every kind of deployment. */
export class UnifiedDeploymentOrchestrator {
  readonly #options: UnifiedOptions;

  constructor(options: UnifiedOptions) {
    requireSteps(options?.steps);
    this.#options = options;
  }

  /** The orchestrator a request runs on (also for subscribing to its progress events). */
  orchestratorFor(request: DeploymentRequest): {
    mode: DeploymentMode;
    orchestrator: BaseDeploymentOrchestrator;
  } {
    const mode = selectMode(request);
    const base = this.#options;
    const common = {
      ...base,
      ...(request.capabilities ? { capabilities: request.capabilities } : {}),
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.failurePolicy !== undefined ? { failurePolicy: request.failurePolicy } : {}),
    };
    if (mode === 'enterprise') {
      const environments = request.environments ?? (request.environment ? [request.environment] : undefined);
      return {
        mode,
        orchestrator: new EnterpriseOrchestrator({
          ...common,
          services: request.services,
          ...(environments ? { environments } : {}),
          ...(request.productionEnvironments
            ? { productionEnvironments: request.productionEnvironments }
            : {}),
          ...(request.approval !== undefined ? { approval: request.approval } : {}),
          ...(request.freezeWindows ? { freezeWindows: request.freezeWindows } : {}),
          ...(request.rollout ? { rollout: request.rollout } : {}),
        }),
      };
    }
    const environment =
      request.environment ?? (request.environments?.length === 1 ? request.environments[0] : undefined);
    if (typeof environment !== 'string' || environment === '') {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        'environment: expected a non-empty string',
      );
    }
    if (mode === 'portfolio') {
      return {
        mode,
        orchestrator: new PortfolioOrchestrator({ ...common, services: request.services, environment }),
      };
    }
    const services = request.services;
    if (!Array.isArray(services) || services.length !== 1 || (services[0]?.customers?.length ?? 1) !== 1) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
        'services: mode "single" deploys exactly one service (for one customer at most)',
      );
    }
    const { customers, ...service } = services[0] as PortfolioService;
    return {
      mode,
      orchestrator: new SingleServiceOrchestrator({
        ...common,
        unit: { ...service, environment, ...(customers?.[0] ? { customer: customers[0] } : {}) },
      }),
    };
  }

  async execute(request: DeploymentRequest, options: ExecuteOptions = {}): Promise<UnifiedResult> {
    const { mode, orchestrator } = this.orchestratorFor(request);
    return { ...(await orchestrator.execute(options)), mode };
  }

  /** Resumes an interrupted run; pass the request it was started with. */
  async resume(
    request: DeploymentRequest,
    deploymentId: string,
    options: ResumeOptions,
  ): Promise<UnifiedResult> {
    const { mode, orchestrator } = this.orchestratorFor(request);
    return { ...(await orchestrator.resume(deploymentId, options)), mode };
  }
}

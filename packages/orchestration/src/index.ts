// Public API of @clodo/orchestration.
export {
  ORCHESTRATION_ERRORS,
  OrchestrationError,
  type OrchestrationErrorCode,
  type ErrorSummary,
  isOrchestrationError,
  summarizeError,
} from './errors.js';

export { type Clock, systemClock } from './ports/clock.js';
export { type AuditSink, MemoryAuditTrail, type OrchestrationAuditEntry } from './ports/audit-sink.js';
export { type DeploymentUnit, toUnit, type UnitSpec, unitId } from './ports/deployment-unit.js';
export type {
  DeployOutcome,
  DeploymentSteps,
  FindingSeverity,
  HealthOutcome,
  MigrateOutcome,
  PlannedCall,
  SecretsOutcome,
  StepFinding,
  StepName,
  TestOutcome,
  TrafficObservation,
  TrafficSplit,
  ValidationOutcome,
} from './ports/deployment-steps.js';

export {
  BaseDeploymentOrchestrator,
  type BaseOrchestratorOptions,
  type ExecuteOptions,
  type ResumeOptions,
} from './base/base-orchestrator.js';
export { PhaseContext } from './base/context.js';
export type { CompensationRecord, Undo } from './base/compensation.js';
export { ProgressEmitter, type ProgressEvent, type ProgressListener } from './base/events.js';
export {
  DEFAULT_CRITICAL_PHASES,
  type HookName,
  PHASES,
  type PhaseName,
  type PhaseReport,
  type PhaseState,
} from './base/phases.js';
export {
  type CompensationReport,
  type OrchestrationResult,
  RUN_STATUSES,
  type RunStatus,
  type RunSummary,
  summarize,
  type UnitReport,
  type UnitState,
} from './base/result.js';

export { CAPABILITIES, type Capability, parseCapabilities } from './pipeline/capabilities.js';
export { MemoryRunStateStore, type RunState, type RunStateStore } from './state/run-state.js';
export { FileRunStateStore } from './state/file-run-state-store.js';
export type { DeploymentLockPort } from './ports/deployment-lock.js';

export {
  SINGLE_SERVICE_CRITICAL_PHASES,
  SingleServiceOrchestrator,
  type SingleServiceOptions,
} from './orchestrators/single-service.js';
export {
  PortfolioOrchestrator,
  type PortfolioOptions,
  type PortfolioService,
} from './orchestrators/portfolio.js';
export { FAILURE_POLICIES, type FailurePolicy } from './portfolio/run-units.js';
export { dependenciesOf, orderByDependencies } from './portfolio/dependency-order.js';

export {
  DEFAULT_ENVIRONMENTS,
  EnterpriseOrchestrator,
  type EnterpriseOptions,
  type EnterpriseResult,
} from './orchestrators/enterprise.js';
export {
  type ApprovalDecision,
  type ApprovalGate,
  ApprovalPolicyFile,
  type ApprovalRequest,
  approvalFlag,
  type PolicyApproval,
} from './enterprise/approval.js';
export { activeFreeze, type FreezeWindow } from './enterprise/freeze-window.js';
export { DEFAULT_ROLLOUT, type RolloutPolicy, type RolloutStep } from './enterprise/gradual-rollout.js';
export {
  type EnterpriseAuditReport,
  type EnvironmentReport,
  renderAuditReport,
} from './enterprise/audit-report.js';
export {
  DEPLOYMENT_MODES,
  type DeploymentMode,
  type DeploymentRequest,
  selectMode,
  UnifiedDeploymentOrchestrator,
  type UnifiedOptions,
  type UnifiedResult,
} from './orchestrators/unified.js';

export {
  createDeploymentSteps,
  type DeploymentToolkitStepsOptions,
  type RolloutObservation,
  type SmokeTests,
  type UnitDeployment,
} from './adapters/deployment-toolkit-steps.js';
export { createSmokeTests, type SmokeTestOptions } from './adapters/smoke-tests.js';

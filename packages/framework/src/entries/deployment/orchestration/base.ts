export {
  BaseDeploymentOrchestrator,
  type BaseOrchestratorOptions,
  type ExecuteOptions,
  type HookName,
  type OrchestrationResult,
  PHASES,
  PhaseContext,
  type PhaseName,
  type ResumeOptions,
} from '@clodo/orchestration';

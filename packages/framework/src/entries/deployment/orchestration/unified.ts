export {
  DEPLOYMENT_MODES,
  type DeploymentMode,
  type DeploymentRequest,
  selectMode,
  UnifiedDeploymentOrchestrator,
  type UnifiedOptions,
  type UnifiedResult,
} from '@clodo/orchestration';

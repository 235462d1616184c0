export {
  ApprovalPolicyFile,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_ROLLOUT,
  EnterpriseOrchestrator,
  type EnterpriseOptions,
  type EnterpriseResult,
  renderAuditReport,
} from '@clodo/orchestration';

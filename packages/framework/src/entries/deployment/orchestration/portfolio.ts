export {
  FAILURE_POLICIES,
  type FailurePolicy,
  PortfolioOrchestrator,
  type PortfolioOptions,
  type PortfolioService,
} from '@clodo/orchestration';

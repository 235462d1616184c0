// Public API of @clodo/framework: the names the old framework's root import offered, backed by the @clodo packages.
export { type ClodoConfig, defineConfig, validateConfig } from '@clodo/config';
export { loadConfig } from '@clodo/config/loader';
export {
  D1Migrator,
  DeploymentAuditor,
  DeploymentLock,
  DeploymentValidator,
  HealthChecker,
  RollbackManager,
  SecretsSync,
  WranglerDeployer,
} from '@clodo/deployment';
export {
  BaseDeploymentOrchestrator,
  EnterpriseOrchestrator,
  PortfolioOrchestrator,
  SingleServiceOrchestrator,
  UnifiedDeploymentOrchestrator,
} from '@clodo/orchestration';
export { evaluateSecurityRules, generateServiceKeys, Redactor } from '@clodo/security';
export { createService, DataService, defineModel } from '@clodo/services';
export {
  ApiTester,
  AuthTester,
  DatabaseTester,
  LoadTester,
  PerformanceTester,
  ProductionTester,
} from '@clodo/testers';

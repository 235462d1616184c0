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
export { GenericDataService } from './compat/data/generic-data-service.js';
export { GenericRouteHandler } from './compat/handlers/generic-route-handler.js';
export { ModuleManager } from './compat/modules/module-manager.js';
export { EnhancedRouter } from './compat/routing/enhanced-router.js';
export { SchemaManager } from './compat/schema/schema-manager.js';
export { SecurityCLI } from './compat/security/security-cli.js';
export { ServiceCreator } from './compat/service-management/service-creator.js';
export { ServiceInitializer } from './compat/service-management/service-initializer.js';
export { FrameworkError, FrameworkErrorCode } from './errors.js';

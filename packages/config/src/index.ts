// Public API of @clodo/config: the model, validation and derived names. Worker-safe: no `node:` imports.
export { defineConfig } from './define-config.js';
export { type ConfigProblem, ConfigError, ConfigErrorCode, formatProblems, isConfigError } from './errors.js';
export { type DeploymentUnit, customerServices, deploymentUnits } from './graph/deployment-units.js';
export {
  type DependencyNode,
  type DependencyOrder,
  dependencyOrder,
  describeCycle,
} from './graph/dependency-order.js';
export { orderServices } from './graph/order-services.js';
export {
  type ClodoConfigInput,
  DEFAULT_API_TOKEN_ENV,
  DEFAULT_COMPATIBILITY_DATE,
  SERVICE_TYPES,
} from './model/config-schema.js';
export { FEATURE_NAMES } from './model/features-schema.js';
export { defaultTarget } from './model/normalize.js';
export { isHostname, MAX_WORKER_NAME } from './model/patterns.js';
export type {
  AccountConfig,
  ClodoConfig,
  CustomerConfig,
  CustomerEnvironmentOverride,
  D1Feature,
  EnvironmentConfig,
  EnvironmentTarget,
  QueueConsumerFeature,
  ServiceAuth,
  ServiceConfig,
  ServiceEnvironmentOverride,
  ServiceFeatures,
  ServiceRoute,
  ServiceType,
  Vars,
} from './model/types.js';
export { hostLabel, resolveUnit, serviceHostname, serviceUrl } from './naming/service-url.js';
export { databaseName, PRODUCTION, resourceName, type UnitRef, workerName } from './naming/unit-names.js';
export { parseConfig, type ValidationResult, validateConfig } from './validate/validate-config.js';

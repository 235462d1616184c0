// Old deployment utilities: wrangler config file helpers, locking, health checks and retries.
export {
  backoffDelay,
  d1Bindings,
  DEFAULT_RETRY_POLICY,
  DeploymentLock,
  findD1Binding,
  HealthChecker,
  migrationsDirOf,
  processIsAlive,
  readMigrationsFolder,
  readWranglerConfig,
  recordDatabaseId,
  resolveWranglerBin,
  RetryingRunner,
  WranglerRunner,
  writeJsonAtomic,
} from '@clodo/deployment';
export type {
  D1BindingJson,
  DeploymentLockOptions,
  HealthCheckOptions,
  HealthCheckResult,
  LockHandle,
  MigrationsFolder,
  RetryPolicy,
  WranglerConfigJson,
} from '@clodo/deployment';
export {
  generateWranglerConfig,
  generateWranglerConfigWithEnvironments,
  writeWranglerConfig,
} from '@clodo/config/wrangler';

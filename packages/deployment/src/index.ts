// Public API of @clodo/deployment.
export { type Clock, systemClock } from './clock.js';
export { DEPLOYMENT_ERRORS, DeploymentError, type DeploymentErrorCode, isDeploymentError } from './errors.js';

export {
  type CommandRunner,
  findOutput,
  type WranglerCommand,
  type WranglerOutputEntry,
  type WranglerResult,
} from './runner/command-runner.js';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  RetryingRunner,
  type RetryingRunnerOptions,
  type RetryPolicy,
} from './runner/retry.js';
export { resolveWranglerBin, WRANGLER_NODE_FLAGS } from './runner/wrangler-bin.js';
export { isRateLimited, parseOutputFile, wranglerErrorMessage } from './runner/wrangler-output.js';
export { WranglerRunner, type WranglerRunnerOptions } from './runner/wrangler-runner.js';

export {
  assertTarget,
  CLOUDFLARE_API_BASE_URL,
  cloudflareTarget,
  type DeploymentTarget,
  type TargetKind,
  type VersionTrafficCount,
  targetProblems,
} from './targets/target.js';
export {
  emulatorTraffic,
  type LocalTarget,
  type LocalTargetOptions,
  localTarget,
  type RunningEmulator,
  startLocalTarget,
} from './targets/local-target.js';

export {
  type AuditExportFormat,
  DeploymentAuditor,
  type DeploymentAuditorOptions,
  errorDetails,
  type RedactFn,
} from './audit/auditor.js';
export { JsonlAuditSink } from './audit/jsonl-sink.js';
export { MemoryAuditSink } from './audit/memory-sink.js';
export {
  AUDIT_OUTCOMES,
  type AuditEntry,
  type AuditOutcome,
  type AuditQuery,
  type AuditRecord,
  type AuditSink,
} from './audit/record.js';

export {
  DeploymentLock,
  type DeploymentLockOptions,
  type LockHandle,
  type LockHolder,
  type ProcessProbe,
  processIsAlive,
} from './lock/deployment-lock.js';

export { type HealthCheckOptions, type HealthCheckResult, HealthChecker } from './health/health-checker.js';

export type { DeploymentContext } from './context.js';
export type { CloudflareApi, D1Database, WorkerDeployment, WorkerVersion } from './api/cloudflare-api.js';
export { CloudflareRestApi, type CloudflareRestApiOptions } from './api/rest-api.js';
export {
  type D1BindingJson,
  d1Bindings,
  findD1Binding,
  migrationsDirOf,
  readWranglerConfig,
  recordDatabaseId,
  type WranglerConfigJson,
  writeJsonAtomic,
} from './wrangler-config/wrangler-config-file.js';

export {
  type DeployRequest,
  type DeployResult,
  WranglerDeployer,
  type WranglerDeployerOptions,
} from './deploy/wrangler-deployer.js';
export {
  D1Migrator,
  type D1MigratorOptions,
  type D1MigrationTarget,
  type MigrationResult,
  type MigrationStatus,
} from './d1/d1-migrator.js';
export { type MigrationsFolder, readMigrationsFolder } from './d1/migrations-folder.js';
export {
  SecretsSync,
  type SecretsSyncOptions,
  type SecretsSyncRequest,
  type SecretsSyncResult,
} from './secrets/secrets-sync.js';
export {
  type RollbackRequest,
  type RollbackResult,
  RollbackManager,
  type RollbackManagerOptions,
  type VersionHistoryEntry,
} from './rollback/rollback-manager.js';
export {
  checkSplit,
  type SplitTrafficRequest,
  type SplitTrafficResult,
  type UploadVersionRequest,
  type UploadVersionResult,
  VersionRollout,
  type VersionRolloutOptions,
  type VersionShare,
} from './rollout/version-rollout.js';
export {
  type ObserveRequest,
  type TrafficBaseline,
  type TrafficObservation,
  TrafficObserver,
  type TrafficObserverOptions,
} from './rollout/traffic-observer.js';
export {
  type ConfigIssue,
  DeploymentValidator,
  type DeploymentValidatorOptions,
  type ValidationRequest,
} from './validate/deployment-validator.js';
export type { ValidationCheck, ValidationFinding, ValidationReport } from './validate/finding.js';

export { createDeploymentToolkit, type DeploymentToolkit, type DeploymentToolkitOptions } from './toolkit.js';

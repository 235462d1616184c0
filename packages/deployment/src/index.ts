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
export { resolveWranglerBin } from './runner/wrangler-bin.js';
export { isRateLimited, parseOutputFile, wranglerErrorMessage } from './runner/wrangler-output.js';
export { WranglerRunner, type WranglerRunnerOptions } from './runner/wrangler-runner.js';

export {
  assertTarget,
  CLOUDFLARE_API_BASE_URL,
  cloudflareTarget,
  type DeploymentTarget,
  type TargetKind,
  targetProblems,
} from './targets/target.js';

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

import { join } from 'node:path';
import type { CloudflareApi } from './api/cloudflare-api.js';
import { CloudflareRestApi } from './api/rest-api.js';
import { DeploymentAuditor, type RedactFn } from './audit/auditor.js';
import type { Clock } from './clock.js';
import { D1Migrator } from './d1/d1-migrator.js';
import { WranglerDeployer } from './deploy/wrangler-deployer.js';
import { type HealthCheckOptions, HealthChecker } from './health/health-checker.js';
import { DeploymentLock } from './lock/deployment-lock.js';
import { RollbackManager } from './rollback/rollback-manager.js';
import { TrafficObserver } from './rollout/traffic-observer.js';
import { VersionRollout } from './rollout/version-rollout.js';
import type { CommandRunner } from './runner/command-runner.js';
import type { RetryingRunnerOptions, RetryPolicy } from './runner/retry.js';
import { WranglerRunner } from './runner/wrangler-runner.js';
import { SecretsSync } from './secrets/secrets-sync.js';
import type { DeploymentTarget } from './targets/target.js';
import { DeploymentValidator } from './validate/deployment-validator.js';

export interface DeploymentToolkitOptions {
  target: DeploymentTarget;
  /** The project root; Clodo's state goes under `<projectRoot>/.clodo/` (audit, locks, backups, wrangler home). */
  projectRoot: string;
  /** Audit redaction (default `@clodo/security`'s `redact`). */
  redact?: RedactFn;
  /** Default wrangler timeout per command (180 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: RetryingRunnerOptions['onRetry'];
  health?: HealthCheckOptions;
  /** Extra environment for wrangler, e.g. `NODE_EXTRA_CA_CERTS`. */
  extraEnv?: Readonly<Record<string, string>>;
  clock?: Clock;
  /** Replace the real edges (for tests and fault injection). */
  runner?: CommandRunner;
  api?: CloudflareApi;
}

/** Every deployment piece, wired to one target and one project. */
export interface DeploymentToolkit {
  target: DeploymentTarget;
  runner: CommandRunner;
  api: CloudflareApi;
  auditor: DeploymentAuditor;
  lock: DeploymentLock;
  health: HealthChecker;
  validator: DeploymentValidator;
  migrator: D1Migrator;
  secrets: SecretsSync;
  deployer: WranglerDeployer;
  rollback: RollbackManager;
  /** Gradual rollout: upload a version without traffic, split traffic between two versions. */
  versions: VersionRollout;
  /** Error rate of one version from the target's per-version counters (local target). */
  traffic: TrafficObserver;
}

export function createDeploymentToolkit(options: DeploymentToolkitOptions): DeploymentToolkit {
  const state = join(options.projectRoot, '.clodo');
  const runner =
    options.runner ??
    new WranglerRunner({
      target: options.target,
      homeDir: join(state, 'wrangler'),
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      onRetry: options.onRetry,
      extraEnv: options.extraEnv,
      clock: options.clock,
    });
  const api =
    options.api ??
    new CloudflareRestApi({ target: options.target, retry: options.retry, clock: options.clock });
  const auditor = DeploymentAuditor.forProject(options.projectRoot, {
    redact: options.redact,
    clock: options.clock,
  });
  const health = new HealthChecker({ clock: options.clock, ...options.health });
  return {
    target: options.target,
    runner,
    api,
    auditor,
    lock: DeploymentLock.forProject(options.projectRoot, { clock: options.clock }),
    health,
    validator: new DeploymentValidator({ runner }),
    migrator: new D1Migrator({
      runner,
      api,
      auditor,
      clock: options.clock,
      backupDir: join(state, 'backups'),
    }),
    secrets: new SecretsSync({ runner, api, auditor }),
    deployer: new WranglerDeployer({ runner, api, auditor, target: options.target }),
    rollback: new RollbackManager({ runner, api, health, auditor }),
    versions: new VersionRollout({ runner, api, auditor, target: options.target }),
    traffic: new TrafficObserver({ target: options.target }),
  };
}

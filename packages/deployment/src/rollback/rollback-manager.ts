import type { CloudflareApi, WorkerDeployment } from '../api/cloudflare-api.js';
import { audited } from '../audit/audited.js';
import type { DeploymentAuditor } from '../audit/auditor.js';
import { assertRequest, type DeploymentContext, requireOptions } from '../context.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { HealthChecker, HealthCheckResult } from '../health/health-checker.js';
import type { CommandRunner } from '../runner/command-runner.js';

export interface RollbackManagerOptions {
  runner: CommandRunner;
  api: CloudflareApi;
  health: HealthChecker;
  auditor?: DeploymentAuditor;
}

/** One entry of a worker's history: a deployment and the version it served at 100 % (if single). */
export interface VersionHistoryEntry {
  deploymentId: string;
  createdOn: string;
  versions: Array<{ versionId: string; percentage: number }>;
  message?: string;
  /** Whether this is the deployment serving traffic now (the first, latest). */
  active: boolean;
}

export interface RollbackRequest {
  context: DeploymentContext;
  workerName: string;
  /** Where wrangler runs (the service root). */
  cwd: string;
  /** The URL whose `/health` must answer 2xx after the rollback. */
  url: string;
  /** A version id to restore; defaults to the version served before the current deployment. */
  to?: string;
  /** Stored with the rollback deployment. */
  reason?: string;
}

export interface RollbackResult {
  workerName: string;
  fromVersionId: string;
  toVersionId: string;
  /** Cloudflare's new deployment serving `toVersionId` at 100 %. */
  deploymentId: string;
  health: HealthCheckResult;
  /** D1 backups recorded for this service × environment, newest first (data is not rolled back). */
  d1Backups: string[];
}

/**
 * Restores a worker to an earlier version with `wrangler rollback` and checks its health afterwards.
 *
 * A worker rollback changes code only: D1 data (and KV, R2, Durable Object state) stays as it is.
 * When a production migration ran, `D1Migrator` exported a backup first; `rollback()` returns the
 * recorded backup paths (`d1Backups`) so the data can be restored with `wrangler d1 execute --file`.
 */
export class RollbackManager {
  readonly #options: RollbackManagerOptions;

  constructor(options: RollbackManagerOptions) {
    requireOptions(options, ['runner', 'api', 'health']);
    this.#options = options;
  }

  /** The worker's deployments, latest (active) first. */
  async history(workerName: string): Promise<VersionHistoryEntry[]> {
    if (typeof workerName !== 'string' || workerName === '') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        'workerName: expected a non-empty string',
      );
    }
    const deployments = await this.#options.api.listDeployments(workerName);
    return deployments.map((d, index) => ({
      deploymentId: d.id,
      createdOn: d.createdOn,
      versions: d.versions,
      ...(d.message ? { message: d.message } : {}),
      active: index === 0,
    }));
  }

  async rollback(request: RollbackRequest): Promise<RollbackResult> {
    assertRequest(request, ['workerName', 'cwd', 'url']);
    const deployments = await this.#options.api.listDeployments(request.workerName);
    const current = deployments[0];
    if (!current) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.ROLLBACK_UNAVAILABLE,
        `${request.workerName} has no deployment to roll back`,
      );
    }
    const fromVersionId = primaryVersion(current);
    const toVersionId =
      request.to ?? (await this.#previousVersion(request.workerName, deployments, fromVersionId));
    const d1Backups = await this.#backups(request.context);
    return audited(
      this.#options.auditor,
      request.context,
      'rollback',
      async () => {
        const args = ['rollback', toVersionId, '--name', request.workerName, '--yes'];
        args.push('--message', request.reason ?? `clodo rollback of ${request.context.deploymentId}`);
        await this.#options.runner.run({ args, cwd: request.cwd });
        const now = (await this.#options.api.listDeployments(request.workerName))[0];
        if (!now?.versions.some((v) => v.versionId === toVersionId && v.percentage === 100)) {
          throw new DeploymentError(
            DEPLOYMENT_ERRORS.WRANGLER_OUTPUT_MISSING,
            `wrangler rollback finished but ${request.workerName} does not serve ${toVersionId}`,
          );
        }
        const health = await this.#options.health.assertHealthy(request.url);
        return {
          workerName: request.workerName,
          fromVersionId,
          toVersionId,
          deploymentId: now.id,
          health,
          d1Backups,
        };
      },
      (result) => ({
        toVersionId: result.toVersionId,
        cloudflareDeploymentId: result.deploymentId,
        healthAttempts: result.health.attempts,
        d1Backups: result.d1Backups,
      }),
      { worker: request.workerName, fromVersionId, toVersionId },
    );
  }

  async #previousVersion(
    workerName: string,
    deployments: WorkerDeployment[],
    current: string,
  ): Promise<string> {
    for (const deployment of deployments.slice(1)) {
      const version = primaryVersion(deployment);
      if (version !== current) return version;
    }
    // No older deployment (e.g. history was trimmed): fall back to the newest other deployable version.
    const older = (await this.#options.api.listVersions(workerName)).find((v) => v.id !== current);
    if (!older) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.ROLLBACK_UNAVAILABLE,
        `${workerName} has no earlier version to roll back to`,
      );
    }
    return older.id;
  }

  async #backups(context: DeploymentContext): Promise<string[]> {
    const auditor = this.#options.auditor;
    if (!auditor) return [];
    const records = await auditor.query({
      service: context.service,
      environment: context.environment,
      step: 'd1.backup',
      outcome: 'succeeded',
    });
    return records
      .filter((r) => (context.customer ? r.details.customer === context.customer : true))
      .map((r) => r.details.path)
      .filter((path): path is string => typeof path === 'string')
      .reverse();
  }
}

/** The version serving the most traffic in a deployment. */
function primaryVersion(deployment: WorkerDeployment): string {
  const top = [...deployment.versions].sort((a, b) => b.percentage - a.percentage)[0];
  if (!top) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.ROLLBACK_UNAVAILABLE,
      `deployment ${deployment.id} has no versions`,
    );
  }
  return top.versionId;
}

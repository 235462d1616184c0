import type { CloudflareApi } from '../api/cloudflare-api.js';
import { audited } from '../audit/audited.js';
import type { DeploymentAuditor } from '../audit/auditor.js';
import { assertRequest, type DeploymentContext, requireOptions } from '../context.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { uploadWorker } from '../deploy/upload-worker.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { DeploymentTarget } from '../targets/target.js';

export interface VersionRolloutOptions {
  runner: CommandRunner;
  api: CloudflareApi;
  /** Supplies loopback URLs for the local target. */
  target?: Pick<DeploymentTarget, 'workerUrl'>;
  auditor?: DeploymentAuditor;
}

export interface UploadVersionRequest {
  context: DeploymentContext;
  workerName: string;
  configPath: string;
  /** Where wrangler runs (the service root). */
  cwd: string;
  wranglerEnv?: string;
  /** Stored with the version (`wrangler versions upload --message`). */
  message?: string;
}

export interface UploadVersionResult {
  workerName: string;
  /** The new version; it serves no traffic until a deployment names it. */
  versionId: string;
  /** Where the worker answers (the target's URL for it). */
  url: string | undefined;
  attempts: number;
  durationMs: number;
}

/** One version's share of a worker's traffic. */
export interface VersionShare {
  versionId: string;
  percentage: number;
}

export interface SplitTrafficRequest {
  context: DeploymentContext;
  workerName: string;
  /** Where wrangler runs (the service root, whose config wrangler reads for settings). */
  cwd: string;
  configPath?: string;
  wranglerEnv?: string;
  /** One or two versions whose percentages add up to 100. */
  split: readonly VersionShare[];
  /** Stored with the deployment. */
  message?: string;
}

export interface SplitTrafficResult {
  workerName: string;
  /** Cloudflare's deployment that now serves `split`. */
  deploymentId: string;
  split: VersionShare[];
  attempts: number;
  durationMs: number;
}

/**
 * Gradual rollout with real wrangler: `wrangler versions upload` adds a version without traffic, and
 * `wrangler versions deploy <a>@<p> <b>@<100-p>` moves a share of the traffic to it. Each is read
 * back through the API so a silent no-op cannot pass for success.
 */
export class VersionRollout {
  readonly #options: VersionRolloutOptions;

  constructor(options: VersionRolloutOptions) {
    requireOptions(options, ['runner', 'api']);
    this.#options = options;
  }

  async upload(request: UploadVersionRequest): Promise<UploadVersionResult> {
    assertRequest(request, ['workerName', 'configPath', 'cwd']);
    return audited(
      this.#options.auditor,
      request.context,
      'version.upload',
      () => this.#upload(request),
      (result) => ({ versionId: result.versionId, attempts: result.attempts }),
      { worker: request.workerName },
    );
  }

  async split(request: SplitTrafficRequest): Promise<SplitTrafficResult> {
    assertRequest(request, ['workerName', 'cwd']);
    const split = checkSplit(request.split);
    return audited(
      this.#options.auditor,
      request.context,
      'version.split',
      () => this.#split(request, split),
      (result) => ({ cloudflareDeploymentId: result.deploymentId, attempts: result.attempts }),
      { worker: request.workerName, split },
    );
  }

  async #upload(request: UploadVersionRequest): Promise<UploadVersionResult> {
    const { result, versionId } = await uploadWorker(
      this.#options.runner,
      ['versions', 'upload'],
      'version-upload',
      request,
    );
    const versions = await this.#options.api.listVersions(request.workerName);
    if (!versions.some((v) => v.id === versionId)) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_OUTPUT_MISSING,
        `${request.workerName}: the API does not list the uploaded version ${versionId}`,
        { versionId },
      );
    }
    return {
      workerName: request.workerName,
      versionId,
      url: this.#options.target?.workerUrl?.(request.workerName),
      attempts: result.attempts,
      durationMs: result.durationMs,
    };
  }

  async #split(request: SplitTrafficRequest, split: VersionShare[]): Promise<SplitTrafficResult> {
    const args = ['versions', 'deploy', ...split.map((s) => `${s.versionId}@${s.percentage}%`)];
    if (request.configPath) args.push('--config', request.configPath);
    if (request.wranglerEnv) args.push('--env', request.wranglerEnv);
    args.push('--name', request.workerName, '--yes');
    if (request.message) args.push('--message', request.message);
    const result = await this.#options.runner.run({ args, cwd: request.cwd });
    const [latest] = await this.#options.api.listDeployments(request.workerName);
    const serves = (s: VersionShare) =>
      latest?.versions.some((v) => v.versionId === s.versionId && v.percentage === s.percentage);
    if (!latest || latest.versions.length !== split.length || !split.every(serves)) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_OUTPUT_MISSING,
        `wrangler versions deploy finished but ${request.workerName} does not serve ${describeSplit(split)}`,
      );
    }
    return {
      workerName: request.workerName,
      deploymentId: latest.id,
      split,
      attempts: result.attempts,
      durationMs: result.durationMs,
    };
  }
}

const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Cloudflare's rule: one or two distinct versions, percentages 0..100 adding up to 100. */
export function checkSplit(split: readonly VersionShare[] | undefined): VersionShare[] {
  const bad = (message: string) => new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, message);
  if (!Array.isArray(split) || split.length < 1 || split.length > 2) {
    throw bad('request.split: expected one or two versions');
  }
  split.forEach((s, i) => {
    if (typeof s?.versionId !== 'string' || !VERSION_ID.test(s.versionId)) {
      throw bad(`request.split[${i}].versionId: expected a version id (UUID)`);
    }
    if (typeof s.percentage !== 'number' || !(s.percentage >= 0 && s.percentage <= 100)) {
      throw bad(`request.split[${i}].percentage: expected a number from 0 to 100`);
    }
  });
  if (new Set(split.map((s) => s.versionId)).size !== split.length) {
    throw bad('request.split: a version appears twice');
  }
  const total = split.reduce((sum, s) => sum + s.percentage, 0);
  if (Math.abs(total - 100) > 1e-9) throw bad(`request.split: percentages add up to ${total}, not 100`);
  return split.map((s) => ({ versionId: s.versionId, percentage: s.percentage }));
}

function describeSplit(split: readonly VersionShare[]): string {
  return split.map((s) => `${s.versionId} at ${s.percentage}%`).join(' and ');
}

import type { CloudflareApi } from '../api/cloudflare-api.js';
import { audited } from '../audit/audited.js';
import type { DeploymentAuditor } from '../audit/auditor.js';
import { assertRequest, type DeploymentContext, requireOptions } from '../context.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { DeploymentTarget } from '../targets/target.js';
import { uploadWorker } from './upload-worker.js';

export interface WranglerDeployerOptions {
  runner: CommandRunner;
  api: CloudflareApi;
  /** Supplies loopback URLs for the local target; wrangler's reported URL is used otherwise. */
  target?: Pick<DeploymentTarget, 'workerUrl'>;
  auditor?: DeploymentAuditor;
}

export interface DeployRequest {
  context: DeploymentContext;
  /** The worker's name on Cloudflare (`<service>` or `<service>-<customer>`, per environment). */
  workerName: string;
  /** The generated wrangler config for this service × environment (× customer). */
  configPath: string;
  /** Where wrangler runs (the service root). */
  cwd: string;
  /** `--env` for configs with `env.*` sections; omit for a flattened per-environment config. */
  wranglerEnv?: string;
  /** Annotation stored with the deployment (`wrangler deploy --message`). */
  message?: string;
}

export interface DeployResult {
  workerName: string;
  /** The uploaded version, from wrangler's structured output. */
  versionId: string;
  /** Cloudflare's deployment that serves `versionId` at 100 %. */
  deploymentId: string;
  /** Where the worker answers: the target's URL for it, else wrangler's first reported URL. */
  url: string | undefined;
  /** Every trigger wrangler reported (workers.dev URL, routes, custom domains). */
  targets: string[];
  bundleSize: { rawBytes: number; gzipBytes: number } | undefined;
  attempts: number;
  durationMs: number;
}

/** Deploys one service × environment (× customer) with `wrangler deploy` and reads back what it did. */
export class WranglerDeployer {
  readonly #options: WranglerDeployerOptions;

  constructor(options: WranglerDeployerOptions) {
    requireOptions(options, ['runner', 'api']);
    this.#options = options;
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    assertRequest(request, ['workerName', 'configPath', 'cwd']);
    return audited(
      this.#options.auditor,
      request.context,
      'deploy',
      () => this.#deploy(request),
      (result) => ({
        worker: result.workerName,
        versionId: result.versionId,
        cloudflareDeploymentId: result.deploymentId,
        url: result.url,
        bundleSize: result.bundleSize,
        attempts: result.attempts,
      }),
      { worker: request.workerName },
    );
  }

  async #deploy(request: DeployRequest): Promise<DeployResult> {
    const { result, output, versionId } = await uploadWorker(
      this.#options.runner,
      ['deploy'],
      'deploy',
      request,
    );
    const deployments = await this.#options.api.listDeployments(request.workerName);
    const serving = deployments.find((d) =>
      d.versions.some((v) => v.versionId === versionId && v.percentage === 100),
    );
    if (!serving) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_OUTPUT_MISSING,
        `${request.workerName}: no deployment serves the uploaded version ${versionId}`,
        { versionId },
      );
    }
    const targets = Array.isArray(output.targets) ? output.targets.filter((t) => typeof t === 'string') : [];
    const size = output.bundle_size as { raw_bytes?: number; gzip_bytes?: number } | undefined;
    return {
      workerName: request.workerName,
      versionId,
      deploymentId: serving.id,
      url:
        this.#options.target?.workerUrl?.(request.workerName) ??
        targets.find((t) => /^https?:\/\//.test(t)) ??
        undefined,
      targets,
      bundleSize:
        typeof size?.raw_bytes === 'number'
          ? { rawBytes: size.raw_bytes, gzipBytes: size.gzip_bytes ?? size.raw_bytes }
          : undefined,
      attempts: result.attempts,
      durationMs: result.durationMs,
    };
  }
}

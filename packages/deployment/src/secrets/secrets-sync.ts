import type { CloudflareApi } from '../api/cloudflare-api.js';
import { audited } from '../audit/audited.js';
import type { DeploymentAuditor } from '../audit/auditor.js';
import { assertContext, type DeploymentContext, requireOptions } from '../context.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';

export interface SecretsSyncOptions {
  runner: CommandRunner;
  api: CloudflareApi;
  auditor?: DeploymentAuditor;
}

export interface SecretsSyncRequest {
  context: DeploymentContext;
  workerName: string;
  /** Where wrangler runs (the service root). */
  cwd: string;
  /** The generated wrangler config, so wrangler resolves the same account and worker. */
  configPath?: string;
  /** Every secret the service needs, name → value. Values go to wrangler on stdin only. */
  required: Readonly<Record<string, string>>;
  /** Names whose value changed since the last sync (Cloudflare never returns values to compare). */
  rotated?: readonly string[];
}

export interface SecretsSyncResult {
  /** Required names the worker lacked, now uploaded. */
  created: string[];
  /** Names present before and uploaded again because they were rotated. */
  rotated: string[];
  /** Present and not rotated: left alone. */
  unchanged: string[];
  /** Names on the worker that are not required (reported, never deleted). */
  extra: string[];
  /** `created.length + rotated.length`: what `wrangler secret bulk` actually wrote. */
  uploaded: number;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Makes a worker's secrets match what the service requires: compares names with the worker's
 * (`GET …/secrets`), uploads missing and rotated ones in one `wrangler secret bulk` from stdin, then
 * lists again and fails if any uploaded name is not there. Counts are of what happened, not intent.
 */
export class SecretsSync {
  readonly #options: SecretsSyncOptions;

  constructor(options: SecretsSyncOptions) {
    requireOptions(options, ['runner', 'api']);
    this.#options = options;
  }

  /** What `sync` would do, without changing anything. */
  async plan(request: SecretsSyncRequest): Promise<SecretsSyncResult> {
    checkRequest(request);
    const existing = new Set(await this.#options.api.listSecretNames(request.workerName));
    const rotatedNames = new Set(request.rotated ?? []);
    const names = Object.keys(request.required).sort();
    const created = names.filter((name) => !existing.has(name));
    const rotated = names.filter((name) => existing.has(name) && rotatedNames.has(name));
    const unchanged = names.filter((name) => existing.has(name) && !rotatedNames.has(name));
    const extra = [...existing].filter((name) => !(name in request.required)).sort();
    return { created, rotated, unchanged, extra, uploaded: created.length + rotated.length };
  }

  async sync(request: SecretsSyncRequest): Promise<SecretsSyncResult> {
    checkRequest(request);
    return audited(
      this.#options.auditor,
      request.context,
      'secrets',
      () => this.#sync(request),
      (result) => ({
        created: result.created,
        rotated: result.rotated,
        unchanged: result.unchanged.length,
        extra: result.extra,
        uploaded: result.uploaded,
      }),
      { worker: request.workerName, required: Object.keys(request.required).sort() },
    );
  }

  async #sync(request: SecretsSyncRequest): Promise<SecretsSyncResult> {
    const plan = await this.plan(request);
    const upload = [...plan.created, ...plan.rotated];
    if (upload.length === 0) return plan;
    const payload: Record<string, string> = {};
    for (const name of upload) payload[name] = request.required[name]!;
    const args = ['secret', 'bulk', '--name', request.workerName];
    if (request.configPath) args.push('--config', request.configPath);
    await this.#options.runner.run({
      args,
      cwd: request.cwd,
      stdin: JSON.stringify(payload),
      sensitive: Object.values(payload),
    });
    const after = new Set(await this.#options.api.listSecretNames(request.workerName));
    const missing = upload.filter((name) => !after.has(name));
    if (missing.length > 0) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_FAILED,
        `wrangler secret bulk finished but ${request.workerName} still lacks ${missing.join(', ')}`,
        { missing },
      );
    }
    return plan;
  }
}

function checkRequest(request: SecretsSyncRequest): void {
  assertContext(request?.context, 'request.context');
  if (typeof request.workerName !== 'string' || request.workerName === '') {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      'request.workerName: expected a non-empty string',
    );
  }
  if (!request.required || typeof request.required !== 'object') {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
      'request.required: expected { NAME: value }',
    );
  }
  for (const [name, value] of Object.entries(request.required)) {
    if (!SECRET_NAME.test(name)) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `request.required.${name}: not a valid secret name`,
      );
    }
    if (typeof value !== 'string' || value === '') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `request.required.${name}: value is empty`,
      );
    }
  }
  for (const name of request.rotated ?? []) {
    if (!(name in request.required)) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `request.rotated: "${name}" is not one of the required secrets`,
      );
    }
  }
}

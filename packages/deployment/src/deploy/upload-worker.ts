import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import {
  type CommandRunner,
  findOutput,
  type WranglerOutputEntry,
  type WranglerResult,
} from '../runner/command-runner.js';

/** What `wrangler deploy` and `wrangler versions upload` are both given. */
export interface WorkerUpload {
  workerName: string;
  configPath: string;
  cwd: string;
  wranglerEnv?: string;
  message?: string;
}

export interface UploadedWorker {
  result: WranglerResult;
  /** wrangler's structured entry for the upload (`output.type === outputType`). */
  output: WranglerOutputEntry;
  versionId: string;
}

/**
 * Uploads the worker with `wrangler <command>` (`deploy` or `versions upload`) and returns the
 * version wrangler reported; WRANGLER_OUTPUT_MISSING when it reported none.
 */
export async function uploadWorker(
  runner: CommandRunner,
  command: readonly string[],
  outputType: string,
  request: WorkerUpload,
): Promise<UploadedWorker> {
  const args = [...command, '--config', request.configPath, '--name', request.workerName];
  if (request.wranglerEnv) args.push('--env', request.wranglerEnv);
  if (request.message) args.push('--message', request.message);
  const result = await runner.run({ args, cwd: request.cwd });
  const output = findOutput(result, outputType);
  const versionId = typeof output?.version_id === 'string' ? output.version_id : undefined;
  if (!output || !versionId) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.WRANGLER_OUTPUT_MISSING,
      `wrangler ${command.join(' ')} of ${request.workerName} succeeded but reported no version id`,
    );
  }
  return { result, output, versionId };
}

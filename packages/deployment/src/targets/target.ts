import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';

export type TargetKind = 'local' | 'cloudflare';

/** Requests one version of a worker answered, as counted by the target since it started. */
export interface VersionTrafficCount {
  versionId: string;
  requests: number;
  /** Answers with status >= 500. */
  errors: number;
}

/** Where wrangler and the API client point. Targets differ only in base URL and credentials. */
export interface DeploymentTarget {
  kind: TargetKind;
  /** Cloudflare REST API base, ending in `/client/v4`. */
  apiBaseUrl: string;
  accountId: string;
  /** Passed to wrangler only through `CLOUDFLARE_API_TOKEN`; never in argv, logs or audit records. */
  apiToken: string;
  /**
   * The URL a deployed worker answers on when it is not wrangler's reported workers.dev URL
   * (the local target serves every worker on its own loopback port).
   */
  workerUrl?: (workerName: string) => string | undefined;
  /**
   * Per-version request counters of a worker, for judging a gradual rollout. The local target reads
   * them from the emulator; the Cloudflare target does not offer them yet (analytics not wired).
   */
  traffic?: (workerName: string) => Promise<VersionTrafficCount[]>;
}

export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

const ACCOUNT_ID = /^[0-9a-f]{32}$/;

/** Checks a target's fields, naming the first bad one. */
export function assertTarget(target: DeploymentTarget): void {
  const problems = targetProblems(target);
  if (problems.length > 0) {
    throw new DeploymentError(DEPLOYMENT_ERRORS.CREDENTIALS_MISSING, problems.join('; '));
  }
}

/** Every problem with a target's credentials, as `field: message` (no values echoed). */
export function targetProblems(target: Partial<DeploymentTarget>): string[] {
  const problems: string[] = [];
  if (target.kind !== 'local' && target.kind !== 'cloudflare') {
    problems.push(`target.kind: expected "local" or "cloudflare"`);
  }
  if (typeof target.apiBaseUrl !== 'string' || !/^https?:\/\/[^/]+/.test(target.apiBaseUrl)) {
    problems.push('target.apiBaseUrl: expected an http(s) URL');
  }
  if (typeof target.accountId !== 'string' || !ACCOUNT_ID.test(target.accountId)) {
    problems.push('target.accountId: expected 32 lowercase hex characters');
  }
  if (typeof target.apiToken !== 'string' || target.apiToken.trim() === '') {
    problems.push('target.apiToken: missing (set the environment variable named by account.apiTokenEnv)');
  }
  return problems;
}

/** The real Cloudflare API with an account id and token. */
export function cloudflareTarget(options: {
  accountId: string;
  apiToken: string;
  apiBaseUrl?: string;
}): DeploymentTarget {
  const target: DeploymentTarget = {
    kind: 'cloudflare',
    apiBaseUrl: options.apiBaseUrl ?? CLOUDFLARE_API_BASE_URL,
    accountId: options.accountId,
    apiToken: options.apiToken,
  };
  assertTarget(target);
  return target;
}

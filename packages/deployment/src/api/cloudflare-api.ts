/** A worker deployment: which versions serve traffic, at what percentage. Latest first in lists. */
export interface WorkerDeployment {
  id: string;
  createdOn: string;
  versions: Array<{ versionId: string; percentage: number }>;
  message?: string;
}

export interface WorkerVersion {
  id: string;
  number?: number;
  createdOn: string;
  message?: string;
}

export interface D1Database {
  uuid: string;
  name: string;
}

/**
 * The cheap reads (and D1 create) done through Cloudflare's REST API instead of a wrangler start.
 * Implemented by `CloudflareRestApi` for any target; faked in tests.
 */
export interface CloudflareApi {
  /** Latest first. An unknown worker yields an empty list. */
  listDeployments(workerName: string): Promise<WorkerDeployment[]>;
  /** Latest first. An unknown worker yields an empty list. */
  listVersions(workerName: string): Promise<WorkerVersion[]>;
  /** Names only; values are never readable. An unknown worker yields an empty list. */
  listSecretNames(workerName: string): Promise<string[]>;
  findD1Database(name: string): Promise<D1Database | undefined>;
  createD1Database(name: string): Promise<D1Database>;
  /** Runs one statement with bound parameters and returns its rows. */
  queryD1(databaseId: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

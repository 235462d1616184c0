import type { CloudflareApi, D1Database, WorkerDeployment, WorkerVersion } from '../api/cloudflare-api.js';

/**
 * An in-memory `CloudflareApi` whose state tests set and inspect directly; `deploy()` applies what a
 * successful `wrangler deploy` would leave behind, for scripted runners to call.
 */
export class MemoryApi implements CloudflareApi {
  deployments: Map<string, WorkerDeployment[]> = new Map();
  versions: Map<string, WorkerVersion[]> = new Map();
  secrets: Map<string, Set<string>> = new Map();
  databases: D1Database[] = [];
  applied: Map<string, string[]> = new Map();
  creates = 0;
  queries: string[] = [];

  async listDeployments(worker: string): Promise<WorkerDeployment[]> {
    return structuredClone(this.deployments.get(worker) ?? []);
  }
  async listVersions(worker: string): Promise<WorkerVersion[]> {
    return structuredClone(this.versions.get(worker) ?? []);
  }
  async listSecretNames(worker: string): Promise<string[]> {
    return [...(this.secrets.get(worker) ?? [])].sort();
  }
  async findD1Database(name: string): Promise<D1Database | undefined> {
    return this.databases.find((db) => db.name === name);
  }
  async createD1Database(name: string): Promise<D1Database> {
    this.creates++;
    const db = { uuid: `00000000-0000-4000-8000-${String(this.creates).padStart(12, '0')}`, name };
    this.databases.push(db);
    return db;
  }
  async queryD1(databaseId: string, sql: string): Promise<{ id: number; name: string }[]> {
    this.queries.push(sql);
    return (this.applied.get(databaseId) ?? []).map((name, index) => ({ id: index + 1, name }));
  }

  /** What `wrangler deploy` does to the API state. */
  deploy(worker: string, versionId: string, deploymentId: string): void {
    this.versions.set(worker, [
      { id: versionId, createdOn: new Date().toISOString() },
      ...(this.versions.get(worker) ?? []),
    ]);
    this.deployments.set(worker, [
      { id: deploymentId, createdOn: new Date().toISOString(), versions: [{ versionId, percentage: 100 }] },
      ...(this.deployments.get(worker) ?? []),
    ]);
  }
}

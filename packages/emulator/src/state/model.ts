/** The emulator's persisted view of one Cloudflare account. */

/** A binding as Cloudflare's upload metadata describes it (`{ type, name, ... }`). */
export interface BindingRecord {
  type: string;
  name: string;
  [field: string]: unknown;
}

export interface ModuleRecord {
  name: string;
  contentType: string;
  /** File name under the version's module directory. */
  file: string;
}

export interface VersionRecord {
  id: string;
  script: string;
  number: number;
  createdOn: string;
  source: string;
  message?: string;
  tag?: string;
  triggeredBy: string;
  mainModule: string;
  /** `modules` for ES modules, `service-worker` for a body_part script. */
  format: 'modules' | 'service-worker';
  modules: ModuleRecord[];
  bindings: BindingRecord[];
  compatibilityDate?: string;
  compatibilityFlags: string[];
  etag: string;
}

export interface DeploymentRecord {
  id: string;
  script: string;
  createdOn: string;
  source: string;
  strategy: 'percentage';
  versions: { version_id: string; percentage: number }[];
  annotations: Record<string, string>;
}

export interface ScriptRecord {
  name: string;
  tag: string;
  createdOn: string;
  modifiedOn: string;
  workersDev: boolean;
  previews: boolean;
  settings: Record<string, unknown>;
  /** Loopback port last used for this worker, reused after a restart when free. */
  port?: number;
  /** Cron triggers, as the API shows them (stored, not fired). */
  schedules?: { cron: string; created_on: string; modified_on: string }[];
}

export interface D1Record {
  uuid: string;
  name: string;
  createdAt: string;
  locationHint?: string;
}

export interface KvRecord {
  id: string;
  title: string;
}

export interface AccountState {
  subdomain: string | null;
  scripts: Record<string, ScriptRecord>;
  versions: Record<string, VersionRecord>;
  /** Oldest first. */
  deployments: DeploymentRecord[];
  d1: D1Record[];
  kv: KvRecord[];
}

export function emptyState(): AccountState {
  return { subdomain: null, scripts: {}, versions: {}, deployments: [], d1: [], kv: [] };
}

import { checkShape, type JsonShape } from '../checks/shape.js';
import type { HttpClient } from '../http/client.js';
import { TESTER_ERRORS, TesterError } from '../errors.js';

/** A Clodo service's route manifest, served at `GET /.well-known/clodo` (PRODUCT §5). */
export interface ClodoManifest {
  service: string;
  version: string;
  resources: ManifestResource[];
  routes: Array<{ method: string; path: string }>;
}

export interface ManifestResource {
  name: string;
  path: string;
  fields: Record<string, { type?: string; required?: boolean; [k: string]: unknown }>;
  /**
   * How the resource is protected: `{ read: 'public' | 'required' | 'none', write }` from
   * @clodo/services; `false`, `"none"`, `"public"` or `"public-read"` are also read as open reads.
   */
  auth?: unknown;
}

export const MANIFEST_PATH = '/.well-known/clodo';

const MANIFEST_SHAPE: JsonShape = {
  service: 'string',
  version: 'string',
  resources: 'array',
  routes: 'array',
};

/** Fetches and checks the manifest. Throws DISCOVERY_FAILED with the status or shape problem. */
export async function fetchManifest(
  client: HttpClient,
  headers: Record<string, string>,
): Promise<ClodoManifest> {
  const outcome = await client.request({ method: 'GET', path: MANIFEST_PATH, headers });
  if (!outcome.ok) {
    throw new TesterError(
      TESTER_ERRORS.DISCOVERY_FAILED,
      `GET ${MANIFEST_PATH} failed: ${outcome.failure.message}`,
    );
  }
  const { status, json } = outcome.response;
  if (status !== 200) {
    const hint =
      status === 401 || status === 403 ? ' (the manifest needs credentials outside development)' : '';
    throw new TesterError(TESTER_ERRORS.DISCOVERY_FAILED, `GET ${MANIFEST_PATH} answered ${status}${hint}`);
  }
  const problems = checkShape(json, MANIFEST_SHAPE);
  if (problems.length > 0) {
    throw new TesterError(TESTER_ERRORS.DISCOVERY_FAILED, `GET ${MANIFEST_PATH}: ${problems.join('; ')}`);
  }
  const manifest = json as ClodoManifest;
  for (const [i, resource] of manifest.resources.entries()) {
    const bad = checkShape(resource, { name: 'string', path: 'string' }, `$.resources[${i}]`);
    if (bad.length > 0)
      throw new TesterError(TESTER_ERRORS.DISCOVERY_FAILED, `GET ${MANIFEST_PATH}: ${bad.join('; ')}`);
    resource.fields ??= {};
  }
  return manifest;
}

/** Whether reading a resource needs credentials, from the manifest's `auth` value. */
export function readsNeedAuth(auth: unknown): boolean {
  if (auth === undefined || auth === null || auth === false) return false;
  if (typeof auth === 'string') return !['none', 'public', 'public-read', 'publicRead'].includes(auth);
  if (typeof auth === 'object') {
    const a = auth as { read?: unknown; required?: unknown; publicRead?: unknown };
    // @clodo/services publishes { read: 'public' | 'required' | 'none', write }
    if (typeof a.read === 'string') return a.read === 'required';
    if (a.publicRead === true || a.required === false) return false;
  }
  return true;
}

import {
  CLODO_ERROR_SHAPE,
  CLODO_HEALTH_SHAPE,
  CLODO_LIST_SHAPE,
  checkShape,
  type JsonShape,
} from '../checks/shape.js';
import { invalidArgument } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { type Credentials, credentialHeaders, secretValues } from '../http/credentials.js';
import { emitProgress, type ProgressListener } from '../progress/events.js';
import { fetchManifest, MANIFEST_PATH, readsNeedAuth } from './manifest.js';

export interface ApiEndpoint {
  /** Shown in results (default `METHOD path`). */
  name?: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Accepted statuses (default 200). */
  expectStatus?: number | number[];
  /** Expected media type prefix (default `application/json`); `null` skips the check. */
  expectContentType?: string | null;
  expectShape?: JsonShape;
  /** Top-level members that must equal these values, e.g. `{ status: 'ok' }`. */
  expectFields?: Record<string, string | number | boolean | null>;
  /** Send the tester's credentials (default true). */
  authenticated?: boolean;
}

export interface ApiTesterOptions {
  baseUrl: string;
  credentials?: Credentials;
  /** Endpoints to check; when absent they are discovered from the service's `/health` and manifest. */
  endpoints?: ApiEndpoint[];
  timeoutMs?: number;
  onProgress?: ProgressListener;
  /** Aborts requests in flight; the result reports them as ABORTED failures. */
  signal?: AbortSignal;
}

export interface EndpointResult {
  name: string;
  method: string;
  path: string;
  passed: boolean;
  status: number | null;
  contentType: string | null;
  latencyMs: number;
  failures: string[];
}

export interface ApiResult {
  kind: 'api';
  target: string;
  /** What discovery found, or null when endpoints were given. */
  discovered: { service: string; version: string; resources: string[]; routes: number } | null;
  passed: boolean;
  total: number;
  failed: number;
  endpoints: EndpointResult[];
}

/** Checks status, content type and JSON shape of each endpoint, from a list or discovered. */
export class ApiTester {
  readonly #options: ApiTesterOptions;

  constructor(options: ApiTesterOptions) {
    if (options === null || typeof options !== 'object')
      throw invalidArgument('options', 'must be an object');
    options.endpoints?.forEach((e, i) => {
      if (typeof e?.path !== 'string') throw invalidArgument(`endpoints[${i}].path`, 'must be a string');
    });
    this.#options = options;
  }

  async run(): Promise<ApiResult> {
    const o = this.#options;
    const client = new HttpClient({
      baseUrl: o.baseUrl,
      timeoutMs: o.timeoutMs,
      secrets: secretValues(o.credentials),
    });
    try {
      let endpoints = o.endpoints;
      let discovered: ApiResult['discovered'] = null;
      if (!endpoints) {
        const found = await discoverEndpoints(client, o.credentials);
        endpoints = found.endpoints;
        discovered = found.discovered;
      }
      const results: EndpointResult[] = [];
      for (const endpoint of endpoints) {
        const result = await checkEndpoint(client, endpoint, o.credentials, o.signal);
        results.push(result);
        emitProgress(o.onProgress, {
          type: 'check',
          tester: 'api',
          name: result.name,
          passed: result.passed,
        });
      }
      const failed = results.filter((r) => !r.passed).length;
      return {
        kind: 'api',
        target: client.target.display,
        discovered,
        passed: failed === 0,
        total: results.length,
        failed,
        endpoints: results,
      };
    } finally {
      await client.close();
    }
  }
}

/**
 * Builds the endpoint list of a Clodo service: `/health`, the manifest itself, each resource's list
 * route (expecting 401 when reads need credentials the tester does not have) and every
 * parameter-free GET route.
 */
export async function discoverEndpoints(
  client: HttpClient,
  credentials: Credentials | undefined,
): Promise<{ endpoints: ApiEndpoint[]; discovered: NonNullable<ApiResult['discovered']> }> {
  const manifest = await fetchManifest(client, credentialHeaders(credentials));
  const hasCredentials = Object.keys(credentialHeaders(credentials)).length > 0;
  const endpoints: ApiEndpoint[] = [
    {
      path: '/health',
      expectShape: CLODO_HEALTH_SHAPE,
      expectFields: { status: 'ok' },
      authenticated: false,
    },
    { path: MANIFEST_PATH, expectShape: { service: 'string', resources: 'array', routes: 'array' } },
  ];
  const seen = new Set(['GET /health', `GET ${MANIFEST_PATH}`]);
  for (const resource of manifest.resources) {
    const locked = readsNeedAuth(resource.auth) && !hasCredentials;
    endpoints.push({
      name: `list ${resource.name}`,
      path: resource.path,
      expectStatus: locked ? 401 : 200,
      expectShape: locked ? CLODO_ERROR_SHAPE : CLODO_LIST_SHAPE,
    });
    seen.add(`GET ${resource.path}`);
  }
  for (const route of manifest.routes) {
    const method = String(route.method).toUpperCase();
    if (method !== 'GET' || route.path.includes(':') || route.path.includes('*')) continue;
    if (seen.has(`GET ${route.path}`)) continue;
    seen.add(`GET ${route.path}`);
    // Custom routes do not say whether they are protected; without credentials a 401 is an answer too.
    endpoints.push({ path: route.path, expectStatus: hasCredentials ? [200, 204] : [200, 204, 401] });
  }
  return {
    endpoints,
    discovered: {
      service: manifest.service,
      version: manifest.version,
      resources: manifest.resources.map((r) => r.name),
      routes: manifest.routes.length,
    },
  };
}

async function checkEndpoint(
  client: HttpClient,
  endpoint: ApiEndpoint,
  credentials: Credentials | undefined,
  signal: AbortSignal | undefined,
): Promise<EndpointResult> {
  const method = (endpoint.method ?? 'GET').toUpperCase();
  const name = endpoint.name ?? `${method} ${endpoint.path}`;
  const headers = {
    ...endpoint.headers,
    ...(endpoint.authenticated === false ? {} : credentialHeaders(credentials)),
  };
  const outcome = await client.request({ method, path: endpoint.path, headers, body: endpoint.body, signal });
  if (!outcome.ok) {
    return {
      name,
      method,
      path: endpoint.path,
      passed: false,
      status: null,
      contentType: null,
      latencyMs: us(outcome.failure.latencyUs),
      failures: [`${outcome.failure.kind}: ${outcome.failure.message}`],
    };
  }
  const res = outcome.response;
  const failures: string[] = [];
  const accepted = endpoint.expectStatus === undefined ? [200] : [endpoint.expectStatus].flat();
  if (!accepted.includes(res.status))
    failures.push(`status ${res.status}, expected ${accepted.join(' or ')}`);
  const contentType = res.headers['content-type'] ?? null;
  const expectedType =
    endpoint.expectContentType === undefined ? 'application/json' : endpoint.expectContentType;
  if (expectedType !== null && res.status !== 204) {
    if (!contentType?.toLowerCase().startsWith(expectedType)) {
      failures.push(`content-type ${contentType ?? '(none)'}, expected ${expectedType}`);
    }
  }
  if (endpoint.expectShape !== undefined) {
    if (res.json === undefined) failures.push('body is not JSON');
    else failures.push(...checkShape(res.json, endpoint.expectShape));
  }
  for (const [field, value] of Object.entries(endpoint.expectFields ?? {})) {
    const actual = (res.json as Record<string, unknown> | undefined)?.[field];
    if (actual !== value)
      failures.push(`$.${field}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
  }
  return {
    name,
    method,
    path: endpoint.path,
    passed: failures.length === 0,
    status: res.status,
    contentType,
    latencyMs: us(res.latencyUs),
    failures,
  };
}

function us(latencyUs: number): number {
  return Math.round(latencyUs) / 1000;
}

import { ConfigError, ConfigErrorCode } from '../errors.js';
import { CLOUDFLARE_ID } from '../model/patterns.js';
import { type FetchLike, getAllPages, getJson, type RestOptions } from './cloudflare-rest.js';
import {
  type DiscoveredRoute,
  type DiscoveredWorker,
  type DiscoveredZone,
  type DiscoveryProposal,
  proposeEntries,
} from './propose.js';

export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

export interface DiscoverDomainsOptions {
  /** Default: the public Cloudflare API. Tests point it at a loopback server. */
  readonly apiBaseUrl?: string;
  /** API token (read it with `resolveApiToken`); sent as a bearer token, never logged. */
  readonly token: string;
  readonly accountId: string;
  /** Default: the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Zone to treat as the project's own domain; others become customer proposals. */
  readonly primaryZone?: string;
}

export interface DomainDiscovery {
  readonly zones: readonly DiscoveredZone[];
  readonly workers: readonly DiscoveredWorker[];
  /** Worker routes per zone; zones whose routes the token may not read are listed in `warnings`. */
  readonly routes: readonly DiscoveredRoute[];
  readonly proposal: DiscoveryProposal;
  readonly warnings: readonly string[];
}

function argument(path: string, message: string): ConfigError {
  return new ConfigError(ConfigErrorCode.INVALID_ARGUMENT, [{ path, message }], 'Invalid argument');
}

/**
 * Lists the account's zones (`GET /zones?account.id=…`), worker scripts
 * (`GET /accounts/:id/workers/scripts`) and each zone's worker routes, and proposes
 * `environments`/`customers` entries for them. Reads only.
 */
export async function discoverDomains(options: DiscoverDomainsOptions): Promise<DomainDiscovery> {
  if (typeof options?.token !== 'string' || options.token.length === 0)
    throw argument('token', 'is required');
  if (typeof options.accountId !== 'string' || !CLOUDFLARE_ID.test(options.accountId))
    throw argument('accountId', 'must be a 32-character hexadecimal account id');
  const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
  if (!fetchImpl) throw argument('fetch', 'no fetch implementation is available; pass one');
  const rest: RestOptions = {
    apiBaseUrl: options.apiBaseUrl ?? CLOUDFLARE_API_BASE_URL,
    token: options.token,
    fetch: fetchImpl,
  };

  const rawZones = await getAllPages<{ id: string; name: string; status?: string }>(
    rest,
    `/zones?account.id=${encodeURIComponent(options.accountId)}`,
  );
  const zones: DiscoveredZone[] = rawZones.map((z) => ({
    id: z.id,
    name: z.name,
    status: z.status ?? 'active',
  }));

  const scripts = await getJson<{ id: string; modified_on?: string }[]>(
    rest,
    `/accounts/${encodeURIComponent(options.accountId)}/workers/scripts`,
  );
  const workers: DiscoveredWorker[] = (Array.isArray(scripts.result) ? scripts.result : []).map((s) => ({
    name: s.id,
    ...(s.modified_on ? { modifiedOn: s.modified_on } : {}),
  }));

  const routes: DiscoveredRoute[] = [];
  const warnings: string[] = [];
  for (const zone of zones) {
    try {
      const body = await getJson<{ pattern: string; script?: string }[]>(
        rest,
        `/zones/${encodeURIComponent(zone.id)}/workers/routes`,
      );
      for (const r of Array.isArray(body.result) ? body.result : []) {
        routes.push({ zone: zone.name, pattern: r.pattern, ...(r.script ? { script: r.script } : {}) });
      }
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      warnings.push(
        `routes of ${zone.name} could not be read: ${error.problems[0]?.message ?? 'unknown error'}`,
      );
    }
  }

  const proposal = proposeEntries({
    zones,
    workers,
    routes,
    ...(options.primaryZone ? { primaryZone: options.primaryZone } : {}),
  });
  return { zones, workers, routes, proposal, warnings };
}

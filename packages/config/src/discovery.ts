// Node entry of @clodo/config: discover zones and workers on an account and propose config entries.
export type { FetchLike } from './discovery/cloudflare-rest.js';
export {
  CLOUDFLARE_API_BASE_URL,
  type DiscoverDomainsOptions,
  type DomainDiscovery,
  discoverDomains,
} from './discovery/discover-domains.js';
export {
  type CustomerProposal,
  customerNameFor,
  type DiscoveredRoute,
  type DiscoveredWorker,
  type DiscoveredZone,
  type DiscoveryProposal,
  environmentOf,
  proposeEntries,
} from './discovery/propose.js';

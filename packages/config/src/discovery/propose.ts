import { CUSTOMER_NAME, isHostname } from '../model/patterns.js';

export interface DiscoveredZone {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

export interface DiscoveredRoute {
  readonly zone: string;
  readonly pattern: string;
  readonly script?: string;
}

export interface DiscoveredWorker {
  readonly name: string;
  readonly modifiedOn?: string;
}

export interface CustomerProposal {
  readonly name: string;
  readonly domain: string;
  readonly zoneId: string;
}

export interface DiscoveryProposal {
  /** The zone that looks like the project's own domain. */
  readonly domain?: string;
  /** Environments seen in worker names and route hosts, with the domain they are served on. */
  readonly environments: Readonly<Record<string, { readonly domain?: string }>>;
  /** Every other active zone, as a customer entry to review. */
  readonly customers: readonly CustomerProposal[];
}

const ENVIRONMENT_SUFFIXES = ['development', 'staging', 'preview', 'qa', 'test', 'dev'];

/** The environment a worker name or host label says it belongs to (`users-staging`, `staging-api`). */
export function environmentOf(name: string): string {
  for (const env of ENVIRONMENT_SUFFIXES) {
    if (name.endsWith(`-${env}`) || name.startsWith(`${env}-`)) return env;
  }
  return 'production';
}

function hostOf(pattern: string): string {
  return pattern
    .replace(/^\*\.?/, '')
    .split('/')[0]!
    .replace(/^\*/, '');
}

/** A customer name from a domain: its first label, made to fit the customer-name rule. */
export function customerNameFor(domain: string): string {
  const label = domain
    .split('.')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^[^a-z]+/, '');
  const name = label.length >= 2 ? label.slice(0, 63) : `c-${label}`.slice(0, 63);
  return CUSTOMER_NAME.test(name) ? name : `customer-${domain.replace(/[^a-z0-9]/g, '').slice(0, 40)}`;
}

/**
 * Proposes config entries from what the account runs: the project domain is `primaryZone` when
 * given, else the zone with the most routes to workers (ties: the first zone); environments come
 * from worker names and route hosts; every other active zone is proposed as a customer.
 */
export function proposeEntries(input: {
  zones: readonly DiscoveredZone[];
  workers: readonly DiscoveredWorker[];
  routes: readonly DiscoveredRoute[];
  primaryZone?: string;
}): DiscoveryProposal {
  const active = input.zones.filter((z) => z.status === 'active' || z.status === 'pending');
  const routeCount = new Map<string, number>();
  for (const route of input.routes) routeCount.set(route.zone, (routeCount.get(route.zone) ?? 0) + 1);
  const primary =
    active.find((z) => z.name === input.primaryZone) ??
    [...active].sort((a, b) => (routeCount.get(b.name) ?? 0) - (routeCount.get(a.name) ?? 0))[0];

  const environments: Record<string, { domain?: string }> = {};
  for (const worker of input.workers) {
    const env = environmentOf(worker.name);
    environments[env] ??= primary ? { domain: primary.name } : {};
  }
  for (const route of input.routes) {
    const host = hostOf(route.pattern);
    if (!isHostname(host)) continue;
    const env = environmentOf(host.split('.')[0]!);
    environments[env] ??= { domain: route.zone };
  }

  const taken = new Set<string>();
  const customers: CustomerProposal[] = [];
  for (const zone of active) {
    if (zone === primary || !isHostname(zone.name)) continue;
    let name = customerNameFor(zone.name);
    for (let i = 2; taken.has(name); i++) name = `${customerNameFor(zone.name).slice(0, 60)}-${i}`;
    taken.add(name);
    customers.push({ name, domain: zone.name, zoneId: zone.id });
  }
  return { ...(primary ? { domain: primary.name } : {}), environments, customers };
}

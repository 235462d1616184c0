import type { MiddlewareHandler } from 'hono';
import { definitionError } from '../errors.js';

/** A flag: on/off everywhere, or a default refined per environment, domain and customer (most specific wins). */
export type FlagRule =
  | boolean
  | {
      default?: boolean;
      environments?: Record<string, boolean>;
      /** Hostnames, exact or `*.example.com`. */
      domains?: Record<string, boolean>;
      customers?: Record<string, boolean>;
    };

export interface FeatureOptions {
  flags: Record<string, FlagRule>;
  /** Customer ids and the hostnames that identify them (`api.acme.com`, `*.acme.com`). */
  customers?: Record<string, { domains: readonly string[] }>;
}

export interface FeatureScope {
  host?: string;
  customer?: string;
  environment?: string;
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return p === host;
}

/** The customer a hostname belongs to, if any. */
export function customerForHost(options: FeatureOptions, host: string | undefined): string | undefined {
  if (!host || !options.customers) return undefined;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  for (const [customer, entry] of Object.entries(options.customers)) {
    if (entry.domains.some((d) => hostMatches(d, name))) return customer;
  }
  return undefined;
}

/** Every flag's value for one scope: customer beats domain beats environment beats default. */
export function resolveFeatures(options: FeatureOptions, scope: FeatureScope): Record<string, boolean> {
  const host = scope.host?.toLowerCase().replace(/:\d+$/, '');
  const out: Record<string, boolean> = {};
  for (const [name, rule] of Object.entries(options.flags)) {
    if (typeof rule === 'boolean') {
      out[name] = rule;
      continue;
    }
    let value = rule.default ?? false;
    if (scope.environment && rule.environments && Object.hasOwn(rule.environments, scope.environment)) {
      value = rule.environments[scope.environment] as boolean;
    }
    if (host && rule.domains) {
      const match = Object.keys(rule.domains).find((d) => hostMatches(d, host));
      if (match !== undefined) value = rule.domains[match] as boolean;
    }
    if (scope.customer && rule.customers && Object.hasOwn(rule.customers, scope.customer)) {
      value = rule.customers[scope.customer] as boolean;
    }
    out[name] = value;
  }
  return out;
}

/** Resolves flags per request into `c.get('features')` (and the customer into `c.get('customer')`). */
export function featureFlags(options: FeatureOptions): MiddlewareHandler {
  if (!options || typeof options.flags !== 'object')
    throw definitionError('featureFlags: flags must be an object');
  for (const [name, rule] of Object.entries(options.flags)) {
    if (typeof rule !== 'boolean' && (rule === null || typeof rule !== 'object')) {
      throw definitionError(`featureFlags: flags.${name} must be a boolean or a rule object`);
    }
  }
  return async (c, next) => {
    const host = new URL(c.req.url).hostname;
    const customer = customerForHost(options, host);
    c.set('customer', customer);
    c.set('features', resolveFeatures(options, { host, customer, environment: c.get('environment') }));
    await next();
  };
}

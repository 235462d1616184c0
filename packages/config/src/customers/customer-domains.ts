import { ConfigError, ConfigErrorCode } from '../errors.js';
import { isHostname, PRODUCTION_API_LABEL } from '../model/patterns.js';
import type { ClodoConfig, CustomerConfig, EnvironmentConfig, Vars } from '../model/types.js';
import { hostLabel } from '../naming/service-url.js';

function unknownCustomer(config: ClodoConfig, name: string): ConfigError {
  return new ConfigError(
    ConfigErrorCode.INVALID_ARGUMENT,
    [
      {
        path: 'customer',
        message: `unknown customer "${String(name)}"`,
        hint: config.customers.length
          ? `known: ${config.customers.map((c) => c.name).join(', ')}`
          : 'the config has no customers',
      },
    ],
    'Invalid argument',
  );
}

function findCustomer(config: ClodoConfig, name: string): CustomerConfig {
  const customer = config.customers.find((c) => c.name === name);
  if (!customer) throw unknownCustomer(config, name);
  return customer;
}

/**
 * The API hostname of a customer domain in an environment: `api.<domain>` in production,
 * `staging-api.<domain>` in staging, `<env>-api.<domain>` elsewhere.
 */
export function customerApiHostname(domain: string, environment: string): string {
  if (typeof domain !== 'string' || !isHostname(domain))
    throw new ConfigError(
      ConfigErrorCode.INVALID_ARGUMENT,
      [{ path: 'domain', message: 'is not a valid hostname' }],
      'Invalid argument',
    );
  return `${environment === 'production' ? PRODUCTION_API_LABEL : `${environment}-${PRODUCTION_API_LABEL}`}.${domain}`;
}

/** A customer as one environment sees it: per-environment overrides merged over the customer's values. */
export interface ResolvedCustomer {
  readonly name: string;
  readonly environment: string;
  readonly domain: string;
  readonly zone: string;
  readonly hostname?: string;
  readonly accountId: string;
  readonly zoneId?: string;
  readonly vars: Vars;
  readonly services: readonly string[];
}

/** Resolves a customer for one environment (domain override, merged vars, account, services). */
export function resolveCustomer(
  config: ClodoConfig,
  customer: string,
  environment: string,
): ResolvedCustomer {
  const entry = findCustomer(config, customer);
  const env: EnvironmentConfig | undefined = Object.hasOwn(config.environments, environment)
    ? config.environments[environment]
    : undefined;
  if (!env)
    throw new ConfigError(
      ConfigErrorCode.INVALID_ARGUMENT,
      [
        {
          path: 'environment',
          message: `unknown environment "${String(environment)}"`,
          hint: `known: ${Object.keys(config.environments).join(', ')}`,
        },
      ],
      'Invalid argument',
    );
  const override = entry.environments[environment];
  const domain = override?.domain ?? entry.domain;
  return Object.freeze({
    name: entry.name,
    environment,
    domain,
    zone: entry.zone ?? domain,
    ...(env.target === 'cloudflare' ? { hostname: `${hostLabel(env)}.${domain}` } : {}),
    accountId: entry.accountId ?? env.accountId ?? config.account.id,
    ...(entry.zoneId ? { zoneId: entry.zoneId } : {}),
    vars: Object.freeze({ ...entry.vars, ...(override?.vars ?? {}) }),
    services: Object.freeze([...(entry.services ?? config.services.map((s) => s.name))]),
  });
}

/** A customer's API hostname per environment (environments that run on Cloudflare only). */
export function customerDomains(config: ClodoConfig, customer: string): Readonly<Record<string, string>> {
  findCustomer(config, customer);
  const out: Record<string, string> = {};
  for (const environment of Object.keys(config.environments)) {
    const resolved = resolveCustomer(config, customer, environment);
    if (resolved.hostname) out[environment] = resolved.hostname;
  }
  return Object.freeze(out);
}

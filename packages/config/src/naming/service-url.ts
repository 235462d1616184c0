import { ConfigError, ConfigErrorCode } from '../errors.js';
import { PRODUCTION_API_LABEL } from '../model/patterns.js';
import type { ClodoConfig, CustomerConfig, EnvironmentConfig, ServiceConfig } from '../model/types.js';
import { PRODUCTION, type UnitRef } from './unit-names.js';

function argumentError(path: string, message: string, hint: string): ConfigError {
  return new ConfigError(ConfigErrorCode.INVALID_ARGUMENT, [{ path, message, hint }], 'Invalid argument');
}

/** The service, environment and customer a unit names, or an error saying which one is unknown. */
export function resolveUnit(
  config: ClodoConfig,
  unit: UnitRef,
): { service: ServiceConfig; environment: EnvironmentConfig; customer?: CustomerConfig } {
  const service = config.services.find((s) => s.name === unit?.service);
  if (!service)
    throw argumentError(
      'service',
      `unknown service "${String(unit?.service)}"`,
      `known: ${config.services.map((s) => s.name).join(', ')}`,
    );
  const environment = config.environments[unit.environment];
  if (!environment || !Object.hasOwn(config.environments, unit.environment))
    throw argumentError(
      'environment',
      `unknown environment "${String(unit.environment)}"`,
      `known: ${Object.keys(config.environments).join(', ')}`,
    );
  if (unit.customer === undefined) return { service, environment };
  const customer = config.customers.find((c) => c.name === unit.customer);
  if (!customer)
    throw argumentError(
      'customer',
      `unknown customer "${String(unit.customer)}"`,
      config.customers.length
        ? `known: ${config.customers.map((c) => c.name).join(', ')}`
        : 'the config has no customers',
    );
  return { service, environment, customer };
}

/** Zone (and domain) a unit's hostname lives in, or undefined when none is configured. */
export function unitDomain(
  config: ClodoConfig,
  environment: EnvironmentConfig,
  customer?: CustomerConfig,
): { domain: string; zone: string } | undefined {
  if (customer) {
    const domain = customer.environments[environment.name]?.domain ?? customer.domain;
    return { domain, zone: customer.zone ?? domain };
  }
  const domain = environment.domain ?? config.domain;
  return domain ? { domain, zone: domain } : undefined;
}

/** First hostname label for an environment: `api` in production, `<env>-api` elsewhere, unless set. */
export function hostLabel(environment: EnvironmentConfig, subdomain?: string): string {
  if (subdomain) return environment.name === PRODUCTION ? subdomain : `${environment.name}-${subdomain}`;
  return (
    environment.hostPrefix ??
    (environment.name === PRODUCTION ? PRODUCTION_API_LABEL : `${environment.name}-${PRODUCTION_API_LABEL}`)
  );
}

/**
 * Public hostname of a unit, like `api.example.com`, `staging-api.acme.com` or `users.example.com`
 * (with `route.subdomain`). Undefined when the service has `route: false`, the environment runs
 * locally, or no domain is configured for it.
 */
export function serviceHostname(config: ClodoConfig, unit: UnitRef): string | undefined {
  const { service, environment, customer } = resolveUnit(config, unit);
  if (service.route === false || environment.target === 'local') return undefined;
  const place = unitDomain(config, environment, customer);
  if (!place) return undefined;
  return `${hostLabel(environment, service.route.subdomain)}.${place.domain}`;
}

/** `https://<hostname><route.path>`, or undefined when the unit has no public hostname. */
export function serviceUrl(config: ClodoConfig, unit: UnitRef): string | undefined {
  const host = serviceHostname(config, unit);
  if (!host) return undefined;
  const service = config.services.find((s) => s.name === unit.service)!;
  const path = service.route === false ? '' : (service.route.path ?? '');
  return `https://${host}${path}`;
}

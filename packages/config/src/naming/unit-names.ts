import { ConfigError, ConfigErrorCode } from '../errors.js';
import { CUSTOMER_NAME, ENVIRONMENT_NAME, RESOURCE_NAME, SERVICE_NAME } from '../model/patterns.js';

/** One deployable unit: a service in an environment, optionally for one customer. */
export interface UnitRef {
  readonly service: string;
  readonly environment: string;
  readonly customer?: string;
}

/** The environment whose resources carry no suffix. */
export const PRODUCTION = 'production';

function argumentError(path: string, message: string, hint?: string): ConfigError {
  return new ConfigError(
    ConfigErrorCode.INVALID_ARGUMENT,
    [{ path, message, ...(hint ? { hint } : {}) }],
    'Invalid argument',
  );
}

function checkUnit(unit: UnitRef): void {
  if (unit === null || typeof unit !== 'object')
    throw argumentError('unit', 'must be { service, environment, customer? }');
  if (typeof unit.service !== 'string' || !SERVICE_NAME.test(unit.service))
    throw argumentError('service', 'is not a valid service name', 'use [a-z][a-z0-9-]{1,62}');
  if (typeof unit.environment !== 'string' || !ENVIRONMENT_NAME.test(unit.environment))
    throw argumentError(
      'environment',
      'is not a valid environment name',
      'use lowercase letters, digits and "-"',
    );
  if (
    unit.customer !== undefined &&
    (typeof unit.customer !== 'string' || !CUSTOMER_NAME.test(unit.customer))
  )
    throw argumentError('customer', 'is not a valid customer name', 'use [a-z][a-z0-9-]{1,62}');
}

/** Production keeps the plain name; every other environment is suffixed so they never collide. */
function withEnvironment(base: string, environment: string): string {
  return environment === PRODUCTION ? base : `${base}-${environment}`;
}

/** `<service>[-<customer>]`, plus `-<environment>` outside production. `users-acme-staging`. */
export function workerName(unit: UnitRef): string {
  checkUnit(unit);
  const base = unit.customer ? `${unit.service}-${unit.customer}` : unit.service;
  return withEnvironment(base, unit.environment);
}

/**
 * D1 database of a unit: `<service>[-<database>][-<customer>]`, plus `-<environment>` outside
 * production. `database` is the logical name when a service has more than one.
 */
export function databaseName(unit: UnitRef & { readonly database?: string }): string {
  checkUnit(unit);
  if (
    unit.database !== undefined &&
    (typeof unit.database !== 'string' || !RESOURCE_NAME.test(unit.database))
  )
    throw argumentError('database', 'is not a valid database name', 'use lowercase letters, digits and "-"');
  const parts = [unit.service, unit.database, unit.customer].filter((p): p is string => Boolean(p));
  return withEnvironment(parts.join('-'), unit.environment);
}

/**
 * Shared resources (queues, buckets, KV namespace titles) named from a base: `<base>[-<customer>]`,
 * plus `-<environment>` outside production. Producers and consumers derive the same name.
 */
export function resourceName(ref: {
  readonly base: string;
  readonly environment: string;
  readonly customer?: string;
}): string {
  if (typeof ref?.base !== 'string' || ref.base.length === 0)
    throw argumentError('base', 'must be a non-empty string');
  if (typeof ref.environment !== 'string' || !ENVIRONMENT_NAME.test(ref.environment))
    throw argumentError('environment', 'is not a valid environment name');
  const base = ref.customer ? `${ref.base}-${ref.customer}` : ref.base;
  return withEnvironment(base, ref.environment);
}

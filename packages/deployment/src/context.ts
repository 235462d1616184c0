import { DEPLOYMENT_ERRORS, DeploymentError } from './errors.js';

/**
 * Which run and which service × environment (× customer) an operation belongs to. `deploymentId`
 * is Clodo's id for the whole run (the audit key), not a Cloudflare deployment id.
 */
export interface DeploymentContext {
  deploymentId: string;
  service: string;
  environment: string;
  customer?: string;
}

export function assertContext(context: DeploymentContext, field = 'context'): void {
  requireStrings(context, ['deploymentId', 'service', 'environment'], field);
}

/** A request's `context`, then each of `keys` as a non-empty string; errors name `request.<field>`. */
export function assertRequest<T extends { context: DeploymentContext }>(
  request: T,
  keys: readonly (keyof T & string)[],
): void {
  assertContext(request?.context, 'request.context');
  requireStrings(request, keys);
}

/** A constructor's collaborators (`runner`, `api`, ...) must all be given; the error lists them. */
export function requireOptions<T extends object>(options: T, names: readonly (keyof T & string)[]): void {
  if (names.every((name) => options?.[name])) return;
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, `${listed}: required`);
}

/** Each of `keys` must be a non-empty string on `value`; the error names `<field>.<key>`. */
export function requireStrings<T extends object>(
  value: T | undefined,
  keys: readonly (keyof T & string)[],
  field = 'request',
): void {
  for (const key of keys) {
    const v = value?.[key];
    if (typeof v !== 'string' || v === '') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `${field}.${key}: expected a non-empty string`,
      );
    }
  }
}

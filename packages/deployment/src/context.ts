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

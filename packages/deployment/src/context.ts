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
  for (const key of ['deploymentId', 'service', 'environment'] as const) {
    if (typeof context?.[key] !== 'string' || context[key] === '') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `${field}.${key}: expected a non-empty string`,
      );
    }
  }
}

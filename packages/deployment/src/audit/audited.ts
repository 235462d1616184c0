import type { DeploymentContext } from '../context.js';
import type { DeploymentAuditor } from './auditor.js';

/** Runs a step through the auditor when there is one (started → succeeded | failed), else just runs it. */
export function audited<T>(
  auditor: DeploymentAuditor | undefined,
  context: DeploymentContext,
  step: string,
  run: () => Promise<T>,
  detailsOf: (result: T) => Record<string, unknown> = () => ({}),
  details: Record<string, unknown> = {},
): Promise<T> {
  if (!auditor) return run();
  return auditor.step(
    {
      deploymentId: context.deploymentId,
      service: context.service,
      environment: context.environment,
      step,
      details: context.customer ? { customer: context.customer, ...details } : details,
    },
    run,
    detailsOf,
  );
}

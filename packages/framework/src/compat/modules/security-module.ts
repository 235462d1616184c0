import {
  blocksDeployment,
  evaluateSecurityRules,
  type Finding,
  type SecurityRuleInput,
} from '@clodo/security';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';
import type { ServiceModule } from './module-manager.js';
import { type SecurityModuleOptions, securityRuntimeModule } from './security-runtime.js';

export interface PreDeploymentReport {
  environment: string;
  ready: boolean;
  findings: Finding[];
}

/**
 * The old security module: at runtime it is `securityRuntimeModule` (authentication required, security
 * headers); its `pre-deployment` hook evaluates the security rules (@clodo/security) for the context's
 * `{ environment, vars, secrets, urls, flags }` and throws when a finding blocks the deployment.
 * Findings and errors never contain secret values.
 */
export function createSecurityModule(options: SecurityModuleOptions = {}): ServiceModule {
  return {
    ...securityRuntimeModule(options),
    version: '1.0.0',
    hooks: {
      'pre-deployment': (context) => {
        const input = context as unknown as SecurityRuleInput;
        if (typeof input.environment !== 'string' || input.environment === '') {
          throw new FrameworkError(
            FrameworkErrorCode.INVALID_ARGUMENT,
            'security module: pre-deployment context needs environment (a non-empty string)',
          );
        }
        const findings = evaluateSecurityRules({
          environment: input.environment,
          ...(input.level ? { level: input.level } : {}),
          ...(input.vars ? { vars: input.vars } : {}),
          ...(input.secrets ? { secrets: input.secrets } : {}),
          ...(input.urls ? { urls: input.urls } : {}),
          ...(input.flags ? { flags: input.flags } : {}),
        });
        const ready = !blocksDeployment(findings, input.environment, input.level);
        if (!ready) {
          const critical = findings
            .filter((f) => f.severity === 'critical')
            .map((f) => `${f.path}: ${f.message}`);
          throw new FrameworkError(
            FrameworkErrorCode.INVALID_ARGUMENT,
            `deployment to ${input.environment} blocked by security findings: ${critical.join('; ')}`,
          );
        }
        return { environment: input.environment, ready, findings } satisfies PreDeploymentReport;
      },
    },
  };
}

/** The old `securityModule`: the security module with its defaults. */
export const securityModule: ServiceModule = createSecurityModule();

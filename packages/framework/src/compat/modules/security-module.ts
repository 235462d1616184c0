import {
  blocksDeployment,
  evaluateSecurityRules,
  type Finding,
  type SecurityRuleInput,
} from '@clodo/security';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';
import type { ServiceModule } from './module-manager.js';

export interface SecurityModuleOptions {
  /** Refuse to build a service whose API is open (`auth: false` or no auth). Default true. */
  requireAuth?: boolean;
  /** Response headers set when the handler did not set them; `false` sets none. */
  headers?: Readonly<Record<string, string>> | false;
}

/** Headers that cost nothing on a JSON API and close common browser-side holes. */
export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

export interface PreDeploymentReport {
  environment: string;
  ready: boolean;
  findings: Finding[];
}

/**
 * The old security module: at runtime it insists on authentication and sets security headers; its
 * `pre-deployment` hook evaluates the security rules (@clodo/security) for the context's
 * `{ environment, vars, secrets, urls, flags }` and throws when a finding blocks the deployment.
 * Findings and errors never contain secret values.
 */
export function createSecurityModule(options: SecurityModuleOptions = {}): ServiceModule {
  const requireAuth = options.requireAuth ?? true;
  const headers = options.headers === false ? {} : (options.headers ?? DEFAULT_SECURITY_HEADERS);
  return {
    name: 'security',
    version: '1.0.0',
    configure(service) {
      if (requireAuth && !service.auth) {
        throw new FrameworkError(
          FrameworkErrorCode.INVALID_ARGUMENT,
          `security module: service "${service.name}" has no auth; configure auth (or register authModule before security), or create the module with requireAuth: false`,
        );
      }
      return service;
    },
    onResponse(response) {
      const missing = Object.entries(headers).filter(([name]) => !response.headers.has(name));
      if (missing.length === 0) return response;
      const copy = new Response(response.body, response);
      for (const [name, value] of missing) copy.headers.set(name, value);
      return copy;
    },
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

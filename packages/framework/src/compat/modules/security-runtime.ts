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

/**
 * The runtime half of the security module, safe in workerd: refuses to build a service without auth and
 * sets security headers on every response that lacks them.
 */
export function securityRuntimeModule(options: SecurityModuleOptions = {}): ServiceModule {
  const requireAuth = options.requireAuth ?? true;
  const headers = options.headers === false ? {} : (options.headers ?? DEFAULT_SECURITY_HEADERS);
  return {
    name: 'security',
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
  };
}

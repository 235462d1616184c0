import type { AuthOptions, CorsOptions, ServiceOptions } from '@clodo/services';
import type { ServiceModule } from './module-manager.js';

/** Credentials for the service's API (API keys or JWT), as `createService({ auth })` takes them. */
export function authModule(auth: AuthOptions): ServiceModule {
  return { name: 'auth', configure: (options) => ({ ...options, auth }) };
}

/** CORS for every response, as `createService({ cors })` takes it. */
export function corsModule(cors: CorsOptions): ServiceModule {
  return { name: 'cors', configure: (options) => ({ ...options, cors }) };
}

/** A fixed-window request limit per client, as `createService({ rateLimit })` takes it. */
export function rateLimitModule(rateLimit: NonNullable<ServiceOptions['rateLimit']>): ServiceModule {
  return { name: 'rate-limit', configure: (options) => ({ ...options, rateLimit }) };
}

import type { ServiceConfig, ServiceFeatures } from '../model/types.js';

/** A service's features in one environment: each list an override names replaces the service's list. */
export function effectiveFeatures(service: ServiceConfig, environment: string): ServiceFeatures {
  const override = service.environments[environment]?.features;
  if (!override) return service.features;
  return { ...service.features, ...override };
}

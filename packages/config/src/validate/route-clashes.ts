import type { ConfigProblem } from '../errors.js';
import type { ClodoConfig } from '../model/types.js';
import { serviceHostname } from '../naming/service-url.js';

/**
 * Two workers on the same hostname and path cannot both be routed; Cloudflare rejects the second.
 * Judged per environment and customer on the derived hostnames.
 */
export function routeClashes(config: ClodoConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const reported = new Set<string>();
  for (const environment of Object.keys(config.environments)) {
    for (const customer of [undefined, ...config.customers]) {
      const owners = new Map<string, number>();
      config.services.forEach((service, index) => {
        if (service.route === false) return;
        if (customer?.services && !customer.services.includes(service.name)) return;
        const host = serviceHostname(config, {
          service: service.name,
          environment,
          ...(customer ? { customer: customer.name } : {}),
        });
        if (!host) return;
        const key = `${host}${service.route.path ?? '/'}`;
        const first = owners.get(key);
        if (first === undefined) {
          owners.set(key, index);
          return;
        }
        const id = `${first}:${index}`;
        if (reported.has(id)) return;
        reported.add(id);
        problems.push({
          path: `services[${index}].route`,
          message: `route ${key} is also used by service "${config.services[first]!.name}" (environment ${environment}${customer ? `, customer ${customer.name}` : ''})`,
          hint: 'give one of them route.path or route.subdomain, or route: false if it is only called through service bindings',
        });
      });
    }
  }
  return problems;
}

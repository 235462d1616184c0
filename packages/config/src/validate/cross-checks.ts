import type { ConfigProblem } from '../errors.js';
import { describeCycle, dependencyOrder } from '../graph/dependency-order.js';
import { ENVIRONMENT_NAME, MAX_WORKER_NAME } from '../model/patterns.js';
import { PRODUCTION } from '../naming/unit-names.js';
import { bindingClashes } from './bindings.js';
import { suggestion } from './nearest-name.js';
import { entries, isRecord, records, str, strings } from './raw.js';

const DEFAULT_ENVIRONMENTS = ['development', 'staging', 'production'];

/**
 * Checks that span fields: names unique, references resolve, no cycles, bindings do not clash.
 * Runs on the raw input so these problems are reported together with schema problems.
 */
export function crossCheck(input: unknown): ConfigProblem[] {
  if (!isRecord(input)) return [];
  const problems: ConfigProblem[] = [];
  const services = records(input.services);
  const serviceNames = services.map(([, s]) => str(s.name)).filter((n): n is string => Boolean(n));
  const environmentNames = isRecord(input.environments)
    ? Object.keys(input.environments)
    : DEFAULT_ENVIRONMENTS;

  problems.push(...checkEnvironments(input.environments));
  problems.push(
    ...duplicates(
      services.map(([i, s]) => [`services[${i}].name`, str(s.name)]),
      'service',
    ),
  );

  for (const [i, service] of services) {
    const at = `services[${i}]`;
    const own = str(service.name);
    for (const [k, dep] of strings(service.dependsOn)) {
      if (dep === own) {
        problems.push({
          path: `${at}.dependsOn[${k}]`,
          message: `service "${dep}" depends on itself`,
          hint: 'remove this entry',
        });
      } else if (!serviceNames.includes(dep)) {
        problems.push({
          path: `${at}.dependsOn[${k}]`,
          message: `unknown service "${dep}"`,
          hint: suggestion(dep, [...new Set(serviceNames.filter((n) => n !== own))], 'services'),
        });
      }
    }
    const features = isRecord(service.features) ? service.features : undefined;
    for (const [k, binding] of records(features?.services)) {
      const target = str(binding.service);
      if (target === undefined) continue;
      if (target === own) {
        problems.push({
          path: `${at}.features.services[${k}].service`,
          message: `service "${target}" binds to itself`,
          hint: 'call your own code directly instead of through a service binding',
        });
      } else if (!serviceNames.includes(target)) {
        problems.push({
          path: `${at}.features.services[${k}].service`,
          message: `unknown service "${target}"`,
          hint: suggestion(target, serviceNames, 'services'),
        });
      }
    }
    problems.push(
      ...duplicates(
        records(features?.d1).map(([k, d]) => [`${at}.features.d1[${k}]`, str(d.database) ?? '(default)']),
        'D1 database',
        'set a distinct "database" on each D1 entry',
      ),
    );
    if (strings(service.models).length > 0 && !isRecord(features?.ai)) {
      problems.push({
        path: `${at}.models`,
        message: 'models are listed but the service has no AI binding',
        hint: 'add features.ai: { binding: "AI" }',
      });
    }
    for (const [env] of entries(service.environments)) {
      if (!environmentNames.includes(env)) {
        problems.push({
          path: `${at}.environments.${env}`,
          message: `unknown environment "${env}"`,
          hint: suggestion(env, environmentNames, 'environments'),
        });
      }
    }
    problems.push(...bindingClashes(service, at, environmentVars(input.environments)));
    problems.push(...workerNameLengths(own, at, environmentNames, input.customers));
  }

  const cycles = dependencyOrder(
    services.flatMap(([, s]) => {
      const name = str(s.name);
      return name ? [{ name, dependsOn: strings(s.dependsOn).map(([, d]) => d) }] : [];
    }),
  ).cycles;
  for (const cycle of cycles) {
    const index = services.find(([, s]) => s.name === cycle[0])?.[0] ?? 0;
    problems.push({
      path: `services[${index}].dependsOn`,
      message: `dependency cycle: ${describeCycle(cycle)}`,
      hint: 'remove one of these dependsOn entries so the services can be deployed in order',
    });
  }

  problems.push(...checkCustomers(input.customers, serviceNames, environmentNames));
  problems.push(...reservedVars(input));
  return problems;
}

/** `CLODO_*` vars are set by the generator (service, environment, customer); a user value would be lost. */
function reservedVars(input: Record<string, unknown>): ConfigProblem[] {
  const places: [string, unknown][] = [];
  for (const [env, value] of entries(input.environments))
    if (isRecord(value)) places.push([`environments.${env}.vars`, value.vars]);
  for (const [i, service] of records(input.services)) {
    places.push([`services[${i}].vars`, service.vars]);
    for (const [env, value] of entries(service.environments))
      if (isRecord(value)) places.push([`services[${i}].environments.${env}.vars`, value.vars]);
  }
  for (const [i, customer] of records(input.customers)) {
    places.push([`customers[${i}].vars`, customer.vars]);
    for (const [env, value] of entries(customer.environments))
      if (isRecord(value)) places.push([`customers[${i}].environments.${env}.vars`, value.vars]);
  }
  const problems: ConfigProblem[] = [];
  for (const [path, vars] of places) {
    for (const [key] of entries(vars)) {
      if (key.startsWith('CLODO_')) {
        problems.push({
          path: `${path}.${key}`,
          message: `var names starting with CLODO_ are reserved`,
          hint: 'rename the var',
        });
      }
    }
  }
  return problems;
}

function duplicates(items: [string, string | undefined][], noun: string, hint?: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const first = new Map<string, string>();
  for (const [path, name] of items) {
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (earlier) {
      problems.push({
        path,
        message: `duplicate ${noun} name "${name}" (also at ${earlier})`,
        hint: hint ?? `${noun} names must be unique`,
      });
    } else first.set(name, path);
  }
  return problems;
}

function checkEnvironments(environments: unknown): ConfigProblem[] {
  if (!isRecord(environments)) return [];
  const problems: ConfigProblem[] = [];
  const names = Object.keys(environments);
  if (names.length === 0) {
    problems.push({
      path: 'environments',
      message: 'declare at least one environment',
      hint: 'like { production: {} }',
    });
  }
  for (const name of names) {
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push({
        path: `environments.${name}`,
        message: `"${name}" is not a valid environment name`,
        hint: 'use up to 32 lowercase letters, digits or "-", starting with a letter',
      });
    }
    const env = environments[name];
    if (isRecord(env) && env.name !== undefined && env.name !== name) {
      problems.push({
        path: `environments.${name}.name`,
        message: `must equal the key "${name}"`,
        hint: 'remove it',
      });
    }
  }
  return problems;
}

function environmentVars(environments: unknown): Map<string, string[]> {
  const vars = new Map<string, string[]>();
  for (const [env, value] of entries(environments)) {
    if (!isRecord(value)) continue;
    for (const [key] of entries(value.vars)) {
      vars.set(key, [...(vars.get(key) ?? []), `environments.${env}.vars.${key}`]);
    }
  }
  return vars;
}

function workerNameLengths(
  service: string | undefined,
  at: string,
  environmentNames: readonly string[],
  customers: unknown,
): ConfigProblem[] {
  if (!service) return [];
  const customerNames = [undefined, ...records(customers).map(([, c]) => str(c.name))];
  let longest = '';
  for (const env of environmentNames) {
    for (const customer of customerNames) {
      const base = customer ? `${service}-${customer}` : service;
      const name = env === PRODUCTION ? base : `${base}-${env}`;
      if (name.length > longest.length) longest = name;
    }
  }
  if (longest.length <= MAX_WORKER_NAME) return [];
  return [
    {
      path: `${at}.name`,
      message: `derived worker name "${longest}" is ${longest.length} characters; Cloudflare allows ${MAX_WORKER_NAME}`,
      hint: 'shorten the service, customer or environment name',
    },
  ];
}

function checkCustomers(
  customers: unknown,
  serviceNames: string[],
  environmentNames: string[],
): ConfigProblem[] {
  const list = records(customers);
  const problems: ConfigProblem[] = [];
  problems.push(
    ...duplicates(
      list.map(([i, c]) => [`customers[${i}].name`, str(c.name)]),
      'customer',
    ),
  );
  problems.push(
    ...duplicates(
      list.map(([i, c]) => [`customers[${i}].domain`, str(c.domain)]),
      'customer domain',
      'each customer needs its own domain',
    ),
  );
  for (const [i, customer] of list) {
    for (const [k, name] of strings(customer.services)) {
      if (!serviceNames.includes(name)) {
        problems.push({
          path: `customers[${i}].services[${k}]`,
          message: `unknown service "${name}"`,
          hint: suggestion(name, serviceNames, 'services'),
        });
      }
    }
    for (const [env] of entries(customer.environments)) {
      if (!environmentNames.includes(env)) {
        problems.push({
          path: `customers[${i}].environments.${env}`,
          message: `unknown environment "${env}"`,
          hint: suggestion(env, environmentNames, 'environments'),
        });
      }
    }
  }
  return problems;
}

import { join, posix, relative } from 'node:path';
import { ConfigError, ConfigErrorCode } from '../errors.js';
import type { ClodoConfig } from '../model/types.js';
import { resolveUnit, serviceHostname, unitDomain } from '../naming/service-url.js';
import { databaseName, resourceName, type UnitRef, workerName } from '../naming/unit-names.js';
import { effectiveFeatures } from '../unit/effective-features.js';
import { unitVars } from '../unit/unit-vars.js';
import type { WranglerConfig, WranglerEnvironment, WranglerRoute } from './wrangler-json.js';

/** Ids of resources that already exist, by their derived names (known only after creation). */
export interface ResourceIds {
  /** D1 database id by database name (see `databaseName`). */
  readonly d1?: Readonly<Record<string, string>>;
  /** KV namespace id by namespace title (see `kvNamespaceTitle`). */
  readonly kv?: Readonly<Record<string, string>>;
}

export interface WranglerTarget {
  readonly service: string;
  readonly customer?: string;
  readonly ids?: ResourceIds;
  /**
   * Directory (relative to the project root) the wrangler.json will live in; `main` and
   * `migrations_dir` are written relative to it. Default: the service's folder.
   */
  readonly configDir?: string;
}

/** KV namespace title of a binding: `<service>-<binding>` in the unit's naming rule. */
export function kvNamespaceTitle(unit: UnitRef, binding: string): string {
  const base = `${unit.service}-${binding.toLowerCase().replace(/_/g, '-')}`;
  return resourceName({
    base,
    environment: unit.environment,
    ...(unit.customer ? { customer: unit.customer } : {}),
  });
}

function toPosix(path: string): string {
  return path.split(/[\\/]/).join(posix.sep);
}

function fromConfigDir(configDir: string, projectPath: string): string {
  const rel = toPosix(relative(configDir, projectPath));
  return rel === '' ? '.' : rel;
}

/** One environment's section, every binding written out. */
function environmentSection(config: ClodoConfig, unit: UnitRef, target: WranglerTarget): WranglerEnvironment {
  const { service, environment, customer } = resolveUnit(config, unit);
  const configDir = target.configDir ?? service.path;
  const features = effectiveFeatures(service, environment.name);
  const override = service.environments[environment.name];
  const customerRef = customer ? { customer: customer.name } : {};
  // A customer that does not have a bound service talks to the project's own worker.
  const bindTarget = (name: string) =>
    customer && (customer.services ?? [name]).includes(name)
      ? workerName({ service: name, environment: environment.name, customer: customer.name })
      : workerName({ service: name, environment: environment.name });

  const routes: WranglerRoute[] = [];
  if (environment.target === 'cloudflare') {
    const place = unitDomain(config, environment, customer);
    if (override?.routes) {
      for (const pattern of override.routes)
        routes.push(place ? { pattern, zone_name: place.zone } : { pattern });
    } else {
      const host = serviceHostname(config, unit);
      if (host && place && service.route !== false) {
        routes.push({
          pattern: `${host}${service.route.path ?? ''}${service.route.path ? '*' : '/*'}`,
          zone_name: place.zone,
        });
      }
    }
  }

  const section: WranglerEnvironment = {
    name: workerName(unit),
    main: fromConfigDir(configDir, join(service.path, service.main)),
    account_id: customer?.accountId ?? environment.accountId ?? config.account.id,
    compatibility_date: service.compatibilityDate ?? config.compatibilityDate,
    compatibility_flags: [
      ...(override?.compatibilityFlags ?? service.compatibilityFlags ?? config.compatibilityFlags),
    ],
    workers_dev: routes.length === 0,
    vars: unitVars(config, unit),
    routes,
    d1_databases: features.d1.map((d1) => {
      const name = databaseName({ ...unit, ...(d1.database ? { database: d1.database } : {}) });
      const id = target.ids?.d1?.[name];
      return {
        binding: d1.binding,
        database_name: name,
        ...(id ? { database_id: id } : {}),
        migrations_dir: fromConfigDir(configDir, join(service.path, d1.migrationsDir)),
      };
    }),
    kv_namespaces: features.kv.map((kv) => {
      const id = target.ids?.kv?.[kvNamespaceTitle(unit, kv.binding)];
      return { binding: kv.binding, ...(id ? { id } : {}) };
    }),
    r2_buckets: features.r2.map((r2) => ({
      binding: r2.binding,
      bucket_name: resourceName({ base: r2.bucket, environment: environment.name, ...customerRef }),
    })),
    queues: {
      producers: features.queues.producers.map((p) => ({
        binding: p.binding,
        queue: resourceName({ base: p.queue, environment: environment.name, ...customerRef }),
      })),
      consumers: features.queues.consumers.map((c) => ({
        queue: resourceName({ base: c.queue, environment: environment.name, ...customerRef }),
        ...(c.maxBatchSize !== undefined ? { max_batch_size: c.maxBatchSize } : {}),
        ...(c.maxBatchTimeout !== undefined ? { max_batch_timeout: c.maxBatchTimeout } : {}),
        ...(c.maxRetries !== undefined ? { max_retries: c.maxRetries } : {}),
        ...(c.deadLetterQueue
          ? {
              dead_letter_queue: resourceName({
                base: c.deadLetterQueue,
                environment: environment.name,
                ...customerRef,
              }),
            }
          : {}),
      })),
    },
    // Always written, even empty: wrangler leaves a worker's schedules alone when `triggers` is
    // absent, so dropping the last cron from the config must send `[]` to clear it on Cloudflare.
    triggers: { crons: [...features.cron] },
    durable_objects: {
      bindings: features.durableObjects.map((d) => ({ name: d.binding, class_name: d.className })),
    },
    migrations: features.durableObjects.length
      ? [{ tag: 'v1', new_sqlite_classes: [...new Set(features.durableObjects.map((d) => d.className))] }]
      : [],
    services: features.services.map((s) => ({
      binding: s.binding,
      service: bindTarget(s.service),
      ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
    })),
    ...(features.ai ? { ai: { binding: features.ai.binding } } : {}),
  };
  return section;
}

function checkTarget(target: unknown, key: 'environment' | 'environments'): void {
  if (target === null || typeof target !== 'object')
    throw new ConfigError(
      ConfigErrorCode.INVALID_ARGUMENT,
      [{ path: 'target', message: `must be { service, ${key}, customer? }` }],
      'Invalid argument',
    );
}

/**
 * wrangler.json for one service in one environment (optionally for one customer): name, main,
 * compatibility settings, vars, routes and every binding, at the top level.
 */
export function generateWranglerConfig(
  config: ClodoConfig,
  target: WranglerTarget & { readonly environment: string },
): WranglerConfig {
  checkTarget(target, 'environment');
  const unit = {
    service: target.service,
    environment: target.environment,
    ...(target.customer ? { customer: target.customer } : {}),
  };
  return environmentSection(config, unit, target);
}

/**
 * wrangler.json for one service with an `env.<name>` section per environment, each written out in
 * full: wrangler does not inherit bindings, vars or routes into named environments, so a section
 * that relied on the top level would silently deploy without them. The top level is `topLevel`
 * (default: `development` when present, else the first environment).
 */
export function generateWranglerConfigWithEnvironments(
  config: ClodoConfig,
  target: WranglerTarget & { readonly environments?: readonly string[]; readonly topLevel?: string },
): WranglerConfig {
  checkTarget(target, 'environments');
  const names = target.environments ?? Object.keys(config.environments);
  const topLevel = target.topLevel ?? (names.includes('development') ? 'development' : names[0]);
  if (!topLevel)
    throw new ConfigError(
      ConfigErrorCode.INVALID_ARGUMENT,
      [{ path: 'environments', message: 'must name at least one environment' }],
      'Invalid argument',
    );
  const customer = target.customer ? { customer: target.customer } : {};
  const top = environmentSection(
    config,
    { service: target.service, environment: topLevel, ...customer },
    target,
  );
  const env: Record<string, WranglerEnvironment> = {};
  for (const name of names) {
    if (name === topLevel) continue;
    env[name] = environmentSection(
      config,
      { service: target.service, environment: name, ...customer },
      target,
    );
  }
  return { ...top, env };
}

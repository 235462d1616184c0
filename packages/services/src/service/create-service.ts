import { wwwAuthenticate } from '@clodo/security/worker';
import { Hono, type MiddlewareHandler } from 'hono';
import { type QueueConsumerOptions, queueConsumer } from '../bindings/queue-consumer.js';
import { type ScheduledJob, scheduledJobs } from '../bindings/scheduled.js';
import type { ExecutionContextLike, MessageBatchLike, ScheduledControllerLike } from '../bindings/types.js';
import { type DataCache, KvCache, MemoryCache } from '../data/cache.js';
import { DataService } from '../data/data-service.js';
import { definitionError, ServiceError, ServiceErrorCode } from '../errors.js';
import { type FeatureOptions, featureFlags } from '../features/flags.js';
import type { ServiceContext, ServiceEnv } from '../http/context.js';
import { errorJson } from '../http/envelope.js';
import { d1HealthCheck, type HealthCheck, runHealthChecks } from '../http/health.js';
import { describeResource, type ManifestResource, type ServiceManifest } from '../http/manifest.js';
import { mountResource, type RouteInfo } from '../http/resource.js';
import { type AuthOptions, auth as authMiddleware, authenticate } from '../middleware/auth.js';
import { bindingRefusal, type RequiredBinding } from '../middleware/binding-guard.js';
import { type CorsOptions, cors as corsMiddleware } from '../middleware/cors.js';
import { errorHandler, notFoundHandler } from '../middleware/error-handler.js';
import type { LogEntry } from '../middleware/logger.js';
import {
  KvRateLimitStore,
  type RateLimitOptions,
  rateLimit as rateLimitMiddleware,
} from '../middleware/rate-limit.js';
import type { Model } from '../models/define-model.js';
import { serviceLayer } from './service-layer.js';

type Env = Record<string, unknown>;

export interface ServiceOptions {
  name: string;
  version?: string;
  models?: readonly Model[];
  /** D1 binding holding the models' tables (default `DB`). */
  database?: string;
  /** Prefix of the generated resources (default `/api`). */
  basePath?: string;
  /** Credentials for `/api/*` (and the manifest outside development). `false` opens everything, explicitly. */
  auth: AuthOptions | false;
  cors?: CorsOptions;
  /** Fixed-window limit per client; `kv` names a KV binding to share counts between isolates. */
  rateLimit?: Omit<RateLimitOptions, 'store'> & { kv?: string };
  features?: FeatureOptions;
  /** Plain Hono routes mounted beside the generated ones (they get request id, CORS, logging, rate limit). */
  routes?: Hono<ServiceEnv> | ((app: Hono<ServiceEnv>) => void);
  /** Extra `/health` checks; a D1 check is added when there are models. */
  healthChecks?: readonly HealthCheck[];
  /** Bindings checked before the first request is served (the D1 and KV bindings used here are added). */
  bindings?: readonly (string | RequiredBinding)[];
  /**
   * Environment name; default `env.CLODO_ENVIRONMENT` (set by every wrangler config @clodo/config
   * generates), else `env.ENVIRONMENT`, else `production`.
   */
  environment?: string;
  /** Read cache for the data services: in-isolate (`memory`) or a KV binding; invalidated on every write. */
  cache?: { memory?: boolean; kv?: string; ttlSec?: number };
  /** Request logging; `redact` is applied to every log entry. `false` turns request lines off. */
  logging?: { redact?: (entry: LogEntry) => unknown; sink?: (line: string) => void } | false;
  jobs?: readonly ScheduledJob[];
  /** Queue consumers by queue name. */
  queues?: Record<string, QueueConsumerOptions>;
  maxBodyBytes?: number;
}

export interface ClodoWorker {
  fetch(request: Request, env?: Env, ctx?: ExecutionContextLike): Promise<Response>;
  scheduled?(controller: ScheduledControllerLike, env: Env, ctx: ExecutionContextLike): Promise<void>;
  queue?(batch: MessageBatchLike, env: Env, ctx: ExecutionContextLike): Promise<void>;
  /** The Hono app, for tests and for mounting into a larger app. */
  readonly app: Hono<ServiceEnv>;
  /** The route manifest served at `/.well-known/clodo`. */
  manifest(environment?: string): ServiceManifest;
}

const SERVICE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkOptions(options: ServiceOptions): void {
  if (!options || typeof options !== 'object')
    throw definitionError('createService: expected an options object');
  if (typeof options.name !== 'string' || !SERVICE_NAME.test(options.name)) {
    throw definitionError('createService: name must be lowercase letters, digits and "-" (a Worker name)');
  }
  if (options.auth === undefined) {
    throw definitionError(
      'createService: auth is required: configure apiKeys/jwt, or pass auth: false to open the API',
    );
  }
  const seen = new Set<string>();
  for (const [i, model] of (options.models ?? []).entries()) {
    if (!model || typeof model.name !== 'string' || !model.columnTypes) {
      throw definitionError(`createService: models[${i}] is not a model (use defineModel)`);
    }
    if (seen.has(model.name)) throw definitionError(`createService: two models are named "${model.name}"`);
    seen.add(model.name);
  }
}

/**
 * Builds a Worker module: REST resources per model, `/health`, `/.well-known/clodo`, the middleware stack
 * (request id, CORS, logging, binding guard, rate limit, feature flags, auth) and user routes.
 */
export function createService(options: ServiceOptions): ClodoWorker {
  checkOptions(options);
  const version = options.version ?? '0.0.0';
  const models = options.models ?? [];
  const database = options.database ?? 'DB';
  const basePath = options.basePath ?? '/api';
  const logging = options.logging === false ? undefined : (options.logging ?? {});
  const memoryCache = options.cache?.memory ? new MemoryCache() : undefined;
  const environmentOf = (env: Env | undefined): string => {
    if (options.environment !== undefined) return options.environment;
    if (typeof env?.CLODO_ENVIRONMENT === 'string') return env.CLODO_ENVIRONMENT;
    return typeof env?.ENVIRONMENT === 'string' ? env.ENVIRONMENT : 'production';
  };

  const required: (string | RequiredBinding)[] = [...(options.bindings ?? [])];
  if (models.length > 0) required.push({ name: database, kind: 'd1' });
  if (options.cache?.kv) required.push({ name: options.cache.kv, kind: 'kv' });
  if (options.rateLimit?.kv) required.push({ name: options.rateLimit.kv, kind: 'kv' });

  const cacheFor = (c: ServiceContext): DataCache | undefined =>
    options.cache?.kv ? new KvCache(c.env[options.cache.kv] as never) : memoryCache;
  // A data service holds no per-request state, so one per D1 binding and model serves every request
  // (a KV cache is bound to the request's env, so that case builds one per request).
  const services = new WeakMap<object, Map<Model, DataService>>();
  const dataService = (c: ServiceContext, model: Model): DataService => {
    const db = c.env[database];
    const make = () =>
      new DataService(db as never, model, {
        ...(options.cache ? { cache: cacheFor(c), cacheTtlSec: options.cache.ttlSec ?? 60 } : {}),
      });
    if (options.cache?.kv || db === null || typeof db !== 'object') return make();
    let byModel = services.get(db);
    if (!byModel) {
      byModel = new Map();
      services.set(db, byModel);
    }
    let service = byModel.get(model);
    if (!service) {
      service = make();
      byModel.set(model, service);
    }
    return service;
  };

  const app = new Hono<ServiceEnv>();
  const onError = errorHandler(logging ?? {});
  app.onError(onError);
  app.notFound(notFoundHandler());
  const inner: MiddlewareHandler[] = [];
  if (options.rateLimit) {
    const { kv, ...limit } = options.rateLimit;
    inner.push(
      rateLimitMiddleware(kv ? { ...limit, store: (c) => new KvRateLimitStore(c.env[kv] as never) } : limit),
    );
  }
  if (options.features) inner.push(featureFlags(options.features));
  const findModel = (name: string): Model => {
    const model = models.find((m) => m.name === name);
    if (!model)
      throw new ServiceError(ServiceErrorCode.INTERNAL_ERROR, `no model named "${name}"`, { status: 500 });
    return model;
  };
  // Request id, CORS, logging, request values, binding guard, rate limit and feature flags, in that order.
  app.use(
    '*',
    serviceLayer({
      cors: options.cors ? corsMiddleware(options.cors) : undefined,
      logging,
      prepare: (c) => {
        c.set('environment', environmentOf(c.env));
        c.set('data', (name: string) => dataService(c, findModel(name)));
      },
      refuse: bindingRefusal({
        bindings: required,
        exposeNames: (env) => environmentOf(env) === 'development',
        skip: (c) => c.req.path === '/health',
        ...(logging ?? {}),
      }),
      inner,
      onError,
    }),
  );

  const healthChecks = [
    ...(models.length > 0 ? [d1HealthCheck(database)] : []),
    ...(options.healthChecks ?? []),
  ];
  app.get('/health', async (c) => {
    const report = await runHealthChecks(healthChecks, c.env ?? {});
    const body = {
      status: report.status,
      service: options.name,
      version,
      environment: c.get('environment'),
      checks: report.checks,
    };
    return c.json(body, report.status === 'fail' ? 503 : 200, { 'Cache-Control': 'no-store' });
  });

  const resourceAuth: ManifestResource['auth'] =
    options.auth === false
      ? { read: 'none', write: 'none' }
      : { read: options.auth.publicRead ? 'public' : 'required', write: 'required' };
  const routes: RouteInfo[] = [
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/.well-known/clodo' },
  ];
  const manifest = (environment = 'production'): ServiceManifest => ({
    service: options.name,
    version,
    environment,
    resources: models.map((m) => describeResource(m, basePath, resourceAuth)),
    routes,
  });

  const authOptions = options.auth === false ? undefined : options.auth;
  app.get('/.well-known/clodo', async (c) => {
    if (authOptions && c.get('environment') !== 'development' && !(await authenticate(c, authOptions))) {
      return errorJson(c, 401, ServiceErrorCode.UNAUTHORIZED, 'authentication required', undefined, {
        'WWW-Authenticate': wwwAuthenticate({ realm: authOptions.realm ?? 'clodo' }),
      });
    }
    return c.json(manifest(c.get('environment')));
  });

  if (authOptions) app.use(`${basePath}/*`, authMiddleware(authOptions));
  for (const model of models)
    routes.push(
      ...mountResource(app, model, {
        basePath,
        dataService,
        maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      }),
    );

  if (options.routes) {
    const before = app.routes.length;
    if (typeof options.routes === 'function') options.routes(app);
    else app.route('/', options.routes);
    for (const route of app.routes.slice(before)) {
      if (route.method !== 'ALL' && !routes.some((r) => r.method === route.method && r.path === route.path)) {
        routes.push({ method: route.method, path: route.path });
      }
    }
  }

  const worker: ClodoWorker = {
    fetch: (request, env, ctx) => Promise.resolve(app.fetch(request, env ?? {}, ctx as never)),
    app,
    manifest,
  };
  if (options.jobs && options.jobs.length > 0) {
    const run = scheduledJobs(options.jobs);
    worker.scheduled = async (controller, env, ctx) => {
      await run(controller, env, ctx);
    };
  }
  if (options.queues && Object.keys(options.queues).length > 0) {
    const consumers = Object.fromEntries(
      Object.entries(options.queues).map(([name, o]) => [name, queueConsumer(o)]),
    );
    worker.queue = async (batch, env, ctx) => {
      const consumer = consumers[batch.queue];
      if (!consumer) throw new Error(`no consumer configured for queue "${batch.queue}"`);
      await consumer(batch, env, ctx);
    };
  }
  return worker;
}

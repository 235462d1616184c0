import {
  type AuthOptions,
  auth as authMiddleware,
  type D1DatabaseLike,
  DataService,
  type ErrorHandlerOptions,
  errorHandler,
  type ExecutionContextLike,
  type Model,
  mountResource,
  notFoundHandler,
  type RouteInfo,
  requestId,
  type ServiceContext,
  type ServiceEnv,
} from '@clodo/services';
import { Hono, type MiddlewareHandler } from 'hono';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';

type Env = Record<string, unknown>;

/** A plain route: the request, the path parameters by name and the Worker's env. */
export type RouteHandler = (
  request: Request,
  params: Record<string, string>,
  env: Env,
) => Response | Promise<Response>;

export interface EnhancedRouterOptions {
  /** D1 database of the generated resources; default: the `database` binding of each request's env. */
  db?: D1DatabaseLike;
  /** D1 binding name used when `db` is not given (default `DB`). */
  database?: string;
  /** Prefix of the generated resources (default `/api`). */
  basePath?: string;
  /** Models whose REST resources are mounted at construction. */
  models?: readonly Model[];
  /** Credentials required under `basePath` (the runtime's API-key / JWT auth); absent: open. */
  auth?: AuthOptions;
  maxBodyBytes?: number;
  /** Where unexpected errors are logged (redacted); default console. */
  logging?: ErrorHandlerOptions;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function bad(message: string): FrameworkError {
  return new FrameworkError(FrameworkErrorCode.INVALID_ARGUMENT, message);
}

/**
 * The old `EnhancedRouter` over the Hono-based runtime: custom routes beside generated model resources,
 * with the runtime's request ids, error envelope and auth. `router.fetch` is a Worker fetch handler.
 */
export class EnhancedRouter {
  readonly app: Hono<ServiceEnv> = new Hono<ServiceEnv>();
  readonly #options: EnhancedRouterOptions;
  readonly #middleware: MiddlewareHandler<ServiceEnv>[] = [];
  readonly #routes: RouteInfo[] = [];
  readonly #models = new Set<string>();

  /** `new EnhancedRouter(options)`, or the old `new EnhancedRouter(d1Client, options)`. */
  constructor(dbOrOptions?: D1DatabaseLike | EnhancedRouterOptions, options: EnhancedRouterOptions = {}) {
    const isDb = dbOrOptions !== undefined && typeof (dbOrOptions as D1DatabaseLike).prepare === 'function';
    this.#options = isDb
      ? { ...options, db: dbOrOptions as D1DatabaseLike }
      : { ...((dbOrOptions as EnhancedRouterOptions | undefined) ?? options) };
    const basePath = this.basePath;
    if (!basePath.startsWith('/') || basePath.endsWith('/')) {
      throw bad(
        `EnhancedRouter: basePath ${JSON.stringify(basePath)} must start with "/" and not end with "/"`,
      );
    }
    this.app.onError(errorHandler(this.#options.logging ?? {}));
    this.app.notFound(notFoundHandler());
    this.app.use('*', requestId());
    // Middleware added with use() runs for every route, including routes registered before it.
    this.app.use('*', (c, next) => this.#runMiddleware(0, c, next));
    if (this.#options.auth) this.app.use(`${basePath}/*`, authMiddleware(this.#options.auth));
    for (const model of this.#options.models ?? []) this.mountModel(model);
  }

  get basePath(): string {
    return this.#options.basePath ?? '/api';
  }

  /** Adds middleware (Hono signature) that runs before every route, in the order added. */
  use(middleware: MiddlewareHandler<ServiceEnv>): this {
    if (typeof middleware !== 'function') throw bad('EnhancedRouter.use: middleware must be a function');
    this.#middleware.push(middleware);
    return this;
  }

  /** Adds a route; `path` may hold `:name` parameters (`/users/:id`). */
  registerRoute(method: string, path: string, handler: RouteHandler): this {
    const verb = typeof method === 'string' ? method.toUpperCase() : '';
    if (!METHODS.has(verb)) {
      throw bad(
        `EnhancedRouter.registerRoute: method ${JSON.stringify(method)} is not one of ${[...METHODS].join(', ')}`,
      );
    }
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw bad(`EnhancedRouter.registerRoute: path ${JSON.stringify(path)} must start with "/"`);
    }
    if (typeof handler !== 'function')
      throw bad(`EnhancedRouter.registerRoute: handler of ${verb} ${path} must be a function`);
    if (this.#routes.some((r) => r.method === verb && r.path === path)) {
      throw bad(`EnhancedRouter.registerRoute: ${verb} ${path} is already registered`);
    }
    this.app.on(verb, path, (c) => handler(c.req.raw, c.req.param() as Record<string, string>, c.env ?? {}));
    this.#routes.push({ method: verb, path });
    return this;
  }

  /** Mounts the generated REST resource of a model (list, get, create, patch, put, delete). */
  mountModel(model: Model): RouteInfo[] {
    if (!model || typeof model.name !== 'string' || !model.columnTypes) {
      throw bad('EnhancedRouter.mountModel: expected a model from defineModel');
    }
    if (this.#models.has(model.name))
      throw bad(`EnhancedRouter.mountModel: model "${model.name}" is already mounted`);
    this.#models.add(model.name);
    const added = mountResource(this.app, model, {
      basePath: this.basePath,
      dataService: (c, m) => new DataService(this.#database(c), m),
      ...(this.#options.maxBodyBytes ? { maxBodyBytes: this.#options.maxBodyBytes } : {}),
    });
    this.#routes.push(...added);
    return added;
  }

  /** Every route this router answers, generated ones included. */
  getRoutes(): RouteInfo[] {
    return [...this.#routes];
  }

  /** The Worker fetch handler (bound: `export default { fetch: router.fetch }` works). */
  readonly fetch = (request: Request, env?: Env, ctx?: ExecutionContextLike): Promise<Response> =>
    Promise.resolve(this.app.fetch(request, env ?? {}, ctx as never));

  /** The old call: answers `request` as if it were for `method` and `path`. */
  async handleRequest(method: string, path: string, request: Request, env?: Env): Promise<Response> {
    const url = new URL(request.url);
    url.pathname = path;
    const verb = method.toUpperCase();
    const body = verb === 'GET' || verb === 'HEAD' ? undefined : await request.arrayBuffer();
    return this.fetch(new Request(url, { method: verb, headers: request.headers, body }), env);
  }

  #database(c: ServiceContext): D1DatabaseLike {
    if (this.#options.db) return this.#options.db;
    const name = this.#options.database ?? 'DB';
    const binding = c.env?.[name] as D1DatabaseLike | undefined;
    if (!binding || typeof binding.prepare !== 'function') {
      // The binding name stays in the log, not in the response (a 500 never names bindings).
      throw new Error(`EnhancedRouter: the D1 binding "${name}" is missing from the Worker env`);
    }
    return binding;
  }

  async #runMiddleware(index: number, c: ServiceContext, next: () => Promise<void>): Promise<void> {
    const middleware = this.#middleware[index];
    if (!middleware) return next();
    const response = await middleware(c, () => this.#runMiddleware(index + 1, c, next));
    if (response instanceof Response) c.res = response;
  }
}

/** The old factory. */
export function createEnhancedRouter(
  dbOrOptions?: D1DatabaseLike | EnhancedRouterOptions,
  options?: EnhancedRouterOptions,
): EnhancedRouter {
  return new EnhancedRouter(dbOrOptions, options);
}

import {
  type D1DatabaseLike,
  DataService,
  type DataServiceOptions,
  type ErrorHandlerOptions,
  errorHandler,
  type Model,
  mountResource,
  notFoundHandler,
  requestId,
  type ServiceEnv,
} from '@clodo/services';
import { Hono } from 'hono';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';

export interface GenericRouteHandlerOptions extends DataServiceOptions {
  maxBodyBytes?: number;
  logging?: ErrorHandlerOptions;
}

/**
 * The old `GenericRouteHandler`: CRUD request handlers for one model over D1. Each handler answers exactly
 * as the runtime's generated resource does (same validation, hooks, envelope, status codes and
 * `X-Request-Id`), because it is that resource, reached without routing.
 */
export class GenericRouteHandler {
  readonly model: Model;
  readonly #app = new Hono<ServiceEnv>();
  readonly #collection: string;

  constructor(db: D1DatabaseLike, model: Model, options: GenericRouteHandlerOptions = {}) {
    if (!db || typeof db.prepare !== 'function') {
      throw new FrameworkError(
        FrameworkErrorCode.INVALID_ARGUMENT,
        'GenericRouteHandler: db must be a D1 database',
      );
    }
    if (!model || typeof model.name !== 'string' || !model.columnTypes) {
      throw new FrameworkError(
        FrameworkErrorCode.INVALID_ARGUMENT,
        'GenericRouteHandler: model must be a model from defineModel',
      );
    }
    this.model = model;
    const { maxBodyBytes, logging, ...dataOptions } = options;
    const service = new DataService(db, model, dataOptions);
    this.#app.onError(errorHandler(logging ?? {}));
    this.#app.notFound(notFoundHandler());
    this.#app.use('*', requestId());
    mountResource(this.#app, model, {
      basePath: '',
      dataService: () => service,
      ...(maxBodyBytes ? { maxBodyBytes } : {}),
    });
    this.#collection = `/${model.name}`;
  }

  /** `GET` with the request's query string (`page`, `limit`, `sort`, filters). */
  handleList(request: Request): Promise<Response> {
    return this.#forward(request, 'GET', this.#collection);
  }

  handleGet(request: Request, id: string): Promise<Response> {
    return this.#forward(request, 'GET', this.#item(id));
  }

  /** The request body is the new record (JSON). */
  handleCreate(request: Request): Promise<Response> {
    return this.#forward(request, 'POST', this.#collection);
  }

  /** Partial update (PATCH semantics). */
  handleUpdate(request: Request, id: string): Promise<Response> {
    return this.#forward(request, 'PATCH', this.#item(id));
  }

  /** Full replacement (PUT semantics). */
  handleReplace(request: Request, id: string): Promise<Response> {
    return this.#forward(request, 'PUT', this.#item(id));
  }

  handleDelete(request: Request, id: string): Promise<Response> {
    return this.#forward(request, 'DELETE', this.#item(id));
  }

  #item(id: string): string {
    if (typeof id !== 'string' || id === '') {
      throw new FrameworkError(
        FrameworkErrorCode.INVALID_ARGUMENT,
        'GenericRouteHandler: id must be a non-empty string',
      );
    }
    return `${this.#collection}/${encodeURIComponent(id)}`;
  }

  async #forward(request: Request, method: string, path: string): Promise<Response> {
    const url = new URL(request.url);
    url.pathname = path;
    const body = method === 'GET' || method === 'DELETE' ? undefined : await request.arrayBuffer();
    return this.#app.fetch(new Request(url, { method, headers: request.headers, body }));
  }
}

/** The old factory: one handler per model. */
export function createRouteHandlers(
  db: D1DatabaseLike,
  models: readonly Model[],
  options?: GenericRouteHandlerOptions,
): Record<string, GenericRouteHandler> {
  return Object.fromEntries(models.map((m) => [m.name, new GenericRouteHandler(db, m, options)]));
}

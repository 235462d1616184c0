import type { Hono } from 'hono';
import type { DataService } from '../data/data-service.js';
import { parseRequestQuery } from '../data/query.js';
import { ServiceError, ServiceErrorCode } from '../errors.js';
import type { Model } from '../models/define-model.js';
import type { ServiceContext, ServiceEnv } from './context.js';
import { readJsonBody } from './json-body.js';

export interface ResourceOptions {
  /** URL prefix (default `/api`). */
  basePath?: string;
  /** Builds the data service for a request (binding lookup, cache). */
  dataService: (c: ServiceContext, model: Model) => DataService;
  /** Largest accepted JSON body (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface RouteInfo {
  method: string;
  path: string;
}

function notFound(model: Model, id: string): ServiceError {
  const shown = id.length > 60 ? `${id.slice(0, 60)}...` : id;
  return new ServiceError(ServiceErrorCode.NOT_FOUND, `${model.name} ${JSON.stringify(shown)} not found`);
}

/** Mounts list/get/create/patch/put/delete for one model; returns the routes it added. */
export function mountResource(app: Hono<ServiceEnv>, model: Model, options: ResourceOptions): RouteInfo[] {
  const collection = `${options.basePath ?? '/api'}/${model.name}`;
  const item = `${collection}/:id`;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const service = (c: ServiceContext) => options.dataService(c, model);

  app.get(collection, async (c) => {
    const query = parseRequestQuery(model, new URL(c.req.url).searchParams);
    const result = await service(c).list(query, { context: c });
    return c.json({ success: true, data: result.data, pagination: result.pagination });
  });
  app.get(item, async (c) => {
    const id = c.req.param('id') ?? '';
    const row = await service(c).get(id, { context: c });
    if (!row) throw notFound(model, id);
    return c.json({ success: true, data: row });
  });
  app.post(collection, async (c) => {
    const body = await readJsonBody(c, maxBody);
    const row = await service(c).create(body, { context: c });
    const location = `${collection}/${encodeURIComponent(String(row.id))}`;
    return c.json({ success: true, data: row }, 201, { Location: location });
  });
  for (const [method, mode] of [
    ['patch', 'update'],
    ['put', 'replace'],
  ] as const) {
    app[method](item, async (c) => {
      const id = c.req.param('id') ?? '';
      const body = await readJsonBody(c, maxBody);
      const row = await service(c)[mode](id, body, { context: c });
      if (!row) throw notFound(model, id);
      return c.json({ success: true, data: row });
    });
  }
  app.delete(item, async (c) => {
    const id = c.req.param('id') ?? '';
    const result = await service(c).delete(id, { context: c });
    if (!result) throw notFound(model, id);
    return c.json({ success: true, data: { id: result.id } });
  });
  return ['GET', 'POST']
    .map((method) => ({ method, path: collection }))
    .concat(['GET', 'PATCH', 'PUT', 'DELETE'].map((method) => ({ method, path: item })));
}

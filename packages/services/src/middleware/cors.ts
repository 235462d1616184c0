import type { MiddlewareHandler } from 'hono';
import { definitionError } from '../errors.js';
import { appendVary, setResponseHeader } from '../http/context.js';

export interface CorsOptions {
  /** Allowed origins (`https://app.example.com`), or `'*'` for any origin without credentials. */
  origins: readonly string[] | '*';
  methods?: readonly string[];
  allowHeaders?: readonly string[];
  exposeHeaders?: readonly string[];
  credentials?: boolean;
  /** How long browsers may cache a preflight answer (default 600 s). */
  maxAgeSec?: number;
}

const DEFAULT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const DEFAULT_HEADERS = ['Content-Type', 'Authorization', 'X-API-Key', 'X-Request-Id'];
const DEFAULT_EXPOSE = [
  'X-Request-Id',
  'Location',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

/**
 * CORS: echoes the request's origin when it is allowed (with `Vary: Origin`), answers preflights with 204,
 * and decorates every response, errors and 429s included, because it runs outside them.
 */
export function cors(options: CorsOptions): MiddlewareHandler {
  if (!options || (options.origins !== '*' && !Array.isArray(options.origins))) {
    throw definitionError('cors: origins must be an array of origins or "*"');
  }
  if (options.origins === '*' && options.credentials) {
    throw definitionError('cors: credentials cannot be combined with origins "*"; list the origins');
  }
  const allowed =
    options.origins === '*' ? '*' : new Set(options.origins.map((o) => o.replace(/\/$/, '').toLowerCase()));
  const methods = (options.methods ?? DEFAULT_METHODS).join(', ');
  const allowHeaders = (options.allowHeaders ?? DEFAULT_HEADERS).join(', ');
  const expose = (options.exposeHeaders ?? DEFAULT_EXPOSE).join(', ');
  const maxAge = String(options.maxAgeSec ?? 600);

  return async (c, next) => {
    const origin = c.req.header('Origin');
    const match = origin !== undefined && (allowed === '*' || allowed.has(origin.toLowerCase()));
    const allowOrigin = allowed === '*' ? '*' : match ? (origin as string) : undefined;
    const preflight =
      c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined;
    if (preflight) {
      c.res = new Response(null, { status: 204 });
      if (allowOrigin) {
        setResponseHeader(c, 'Access-Control-Allow-Origin', allowOrigin);
        setResponseHeader(c, 'Access-Control-Allow-Methods', methods);
        setResponseHeader(c, 'Access-Control-Allow-Headers', allowHeaders);
        setResponseHeader(c, 'Access-Control-Max-Age', maxAge);
        if (options.credentials) setResponseHeader(c, 'Access-Control-Allow-Credentials', 'true');
      }
      if (allowed !== '*') appendVary(c, 'Origin');
      return c.res;
    }
    await next();
    if (allowed !== '*') appendVary(c, 'Origin');
    if (!allowOrigin) return;
    setResponseHeader(c, 'Access-Control-Allow-Origin', allowOrigin);
    setResponseHeader(c, 'Access-Control-Expose-Headers', expose);
    if (options.credentials) setResponseHeader(c, 'Access-Control-Allow-Credentials', 'true');
  };
}

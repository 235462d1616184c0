import { invalidArgument } from '../errors.js';

/** A validated base URL: origin for the connection pool, path prefix for requests, no userinfo. */
export interface Target {
  origin: string;
  prefix: string;
  /** The base URL as shown in results: credentials in the URL are dropped. */
  display: string;
}

export function parseTarget(baseUrl: unknown, field = 'baseUrl'): Target {
  if (typeof baseUrl !== 'string' || baseUrl.length === 0) {
    throw invalidArgument(field, 'must be an http(s) URL such as http://127.0.0.1:8787');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalidArgument(field, 'is not a valid URL (expected e.g. http://127.0.0.1:8787)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidArgument(field, `protocol ${url.protocol} is not supported; use http: or https:`);
  }
  if (url.username || url.password) {
    throw invalidArgument(field, 'must not carry credentials; pass them as `credentials` instead');
  }
  const prefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, prefix, display: `${url.origin}${prefix}` };
}

/** Joins the target prefix and a request path (which may carry a query string). */
export function requestPath(target: Target, path: string): string {
  const rel = path.startsWith('/') ? path : `/${path}`;
  return `${target.prefix}${rel}`;
}

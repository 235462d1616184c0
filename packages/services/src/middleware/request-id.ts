import type { MiddlewareHandler } from 'hono';
import { setResponseHeader } from '../http/context.js';

export interface RequestIdOptions {
  /** Header read from the request (when well-formed) and always set on the response. Default `X-Request-Id`. */
  header?: string;
  /** New ids (default `crypto.randomUUID()`). */
  generate?: () => string;
}

const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

/** Gives every request an id (the caller's when well-formed), available as `c.get('requestId')` and echoed back. */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const header = options.header ?? 'X-Request-Id';
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async (c, next) => {
    const incoming = c.req.header(header);
    const id = incoming && ACCEPTABLE.test(incoming) ? incoming : generate();
    c.set('requestId', id);
    await next();
    setResponseHeader(c, header, id);
  };
}

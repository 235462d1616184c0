import type { MiddlewareHandler } from 'hono';
import { setResponseHeader } from '../http/context.js';

export interface RequestIdOptions {
  /** Header read from the request (when well-formed) and always set on the response. Default `X-Request-Id`. */
  header?: string;
  /** New ids (default `crypto.randomUUID()`). */
  generate?: () => string;
}

const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

const newId = () => crypto.randomUUID();

/** The caller's id when well-formed, else a new one. */
export function pickRequestId(incoming: string | undefined, generate: () => string = newId): string {
  return incoming && ACCEPTABLE.test(incoming) ? incoming : generate();
}

/** Gives every request an id (the caller's when well-formed), available as `c.get('requestId')` and echoed back. */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const header = options.header ?? REQUEST_ID_HEADER;
  const generate = options.generate ?? newId;
  return async (c, next) => {
    const id = pickRequestId(c.req.header(header), generate);
    c.set('requestId', id);
    await next();
    setResponseHeader(c, header, id);
  };
}

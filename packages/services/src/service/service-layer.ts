import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import { setResponseHeader } from '../http/context.js';
import { type RequestLoggerOptions, writeRequestLine } from '../middleware/logger.js';
import { pickRequestId, REQUEST_ID_HEADER } from '../middleware/request-id.js';

export interface ServiceLayerOptions {
  /** CORS middleware, run inside the request id and outside everything else (preflights are not logged). */
  cors?: MiddlewareHandler | undefined;
  /** Request line options; undefined turns the line off. */
  logging?: RequestLoggerOptions | undefined;
  /** Per-request values (environment, data services), set before anything else reads them. */
  prepare(c: Context): void;
  /** The binding guard: a response refuses the request. */
  refuse(c: Context): Response | undefined;
  /** Middleware after the guard (rate limit, feature flags), in order. */
  inner: readonly MiddlewareHandler[];
  /** The app's error handler: an error thrown here is answered as a separate layer's would be. */
  onError: ErrorHandler;
}

async function answerError(c: Context, error: unknown, onError: ErrorHandler): Promise<void> {
  if (!(error instanceof Error)) throw error;
  c.error = error;
  c.res = await onError(error, c);
}

/**
 * The fixed middleware of a service in one Hono layer: request id, CORS, the request log line, the
 * per-request values, the binding guard, then rate limit and feature flags. Each step keeps the order and
 * error handling it had as a layer of its own (an error becomes the error envelope that the outer steps
 * still log and stamp with the request id); merged, the common request costs one layer instead of five.
 */
export function serviceLayer(options: ServiceLayerOptions): MiddlewareHandler {
  const { cors, logging, prepare, refuse, inner, onError } = options;
  const now = logging?.now ?? Date.now;

  // A middleware run as compose would run a layer: a returned response becomes the answer, an error the envelope.
  async function step(c: Context, middleware: MiddlewareHandler, next: Next): Promise<void> {
    try {
      const res = await middleware(c, next);
      if (res && !c.finalized) c.res = res;
    } catch (error) {
      await answerError(c, error, onError);
    }
  }

  function chain(c: Context, index: number, next: Next): Promise<void> {
    const middleware = inner[index];
    return middleware ? step(c, middleware, () => chain(c, index + 1, next)) : next();
  }

  async function guarded(c: Context, next: Next): Promise<void> {
    try {
      prepare(c);
      const refusal = refuse(c);
      if (refusal) c.res = refusal;
      else await chain(c, 0, next);
    } catch (error) {
      await answerError(c, error, onError);
    }
  }

  async function logged(c: Context, next: Next): Promise<void> {
    const started = logging ? now() : 0;
    await guarded(c, next);
    if (!logging) return;
    try {
      writeRequestLine(logging, c, now() - started);
    } catch (error) {
      await answerError(c, error, onError);
    }
  }

  return async (c, next) => {
    const id = pickRequestId(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    if (cors) await step(c, cors, () => logged(c, next));
    else await logged(c, next);
    setResponseHeader(c, REQUEST_ID_HEADER, id);
  };
}

import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ServiceError, ServiceErrorCode } from '../errors.js';
import { errorJson } from '../http/envelope.js';
import { type LogEntry, writeLog } from './logger.js';

export interface ErrorHandlerOptions {
  redact?: (entry: LogEntry) => unknown;
  sink?: (line: string) => void;
}

const HTTP_CODES: Record<number, string> = {
  400: ServiceErrorCode.INVALID_QUERY,
  401: ServiceErrorCode.UNAUTHORIZED,
  403: ServiceErrorCode.FORBIDDEN,
  404: ServiceErrorCode.NOT_FOUND,
  405: ServiceErrorCode.METHOD_NOT_ALLOWED,
  413: ServiceErrorCode.PAYLOAD_TOO_LARGE,
  415: ServiceErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ServiceErrorCode.RATE_LIMITED,
};

/**
 * `app.onError` handler producing the error envelope. Client errors (`ServiceError`, Hono's `HTTPException`)
 * keep their status and message; anything else is logged (through `redact`) and answered with a bare 500
 * that never carries SQL, stack traces or binding names.
 */
export function errorHandler(options: ErrorHandlerOptions = {}): ErrorHandler {
  return (error: Error, c: Context) => {
    if (error instanceof ServiceError && error.status < 500) {
      return errorJson(c, error.status, error.code, error.message, error.details);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code = HTTP_CODES[error.status] ?? 'HTTP_ERROR';
      return errorJson(c, error.status, code, error.message || code.toLowerCase().replaceAll('_', ' '));
    }
    writeLog(options, {
      level: 'error',
      msg: 'unhandled error',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    });
    if (error instanceof ServiceError && error.status === 503) {
      return errorJson(c, 503, error.code, 'the service is temporarily unavailable');
    }
    return errorJson(c, 500, ServiceErrorCode.INTERNAL_ERROR, 'internal error');
  };
}

/** `app.notFound` handler answering with the error envelope. */
export function notFoundHandler(): NotFoundHandler {
  return (c) =>
    errorJson(c, 404, ServiceErrorCode.NOT_FOUND, `no route for ${c.req.method} ${c.req.path.slice(0, 200)}`);
}

import { redact } from '@clodo/security/worker';
import type { MiddlewareHandler } from 'hono';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  [key: string]: unknown;
}

export interface RequestLoggerOptions {
  /**
   * Applied to every entry before it is written. Default: `redact` from `@clodo/security/worker`, which
   * masks secret-named keys, bearer/basic credentials and JWTs; pass a `Redactor` holding the service's
   * secret values to mask those too.
   */
  redact?: (entry: LogEntry) => unknown;
  /** Where JSON lines go (default `console.log`). */
  sink?: (line: string) => void;
  /** Time source for durations (default `Date.now`). */
  now?: () => number;
}

/** Writes one line of JSON through `redact` (by default `@clodo/security`'s redaction). */
export function writeLog(options: Pick<RequestLoggerOptions, 'redact' | 'sink'>, entry: LogEntry): void {
  const sink = options.sink ?? ((line: string) => console.log(line));
  const safe = (options.redact ?? ((e: LogEntry) => redact(e)))(entry);
  sink(JSON.stringify(safe));
}

/**
 * One structured line per request: method, path (without the query string, where credentials tend to hide),
 * status, duration and request id.
 */
export function requestLogger(options: RequestLoggerOptions = {}): MiddlewareHandler {
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const started = now();
    await next();
    const status = c.res.status;
    writeLog(options, {
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: now() - started,
    });
  };
}

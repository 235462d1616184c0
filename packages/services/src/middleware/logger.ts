import { isSecretKey, REDACTED, Redactor } from '@clodo/security/worker';
import type { Context, MiddlewareHandler } from 'hono';

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

// One redactor for the isolate: the default masks by key name and credential shape, it holds no secrets.
const redactor = new Redactor();
const secretKeys = new Map<string, boolean>();

function secretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = isSecretKey(key);
    // Log keys come from code, so the map stays small; the bound only guards against odd callers.
    if (secretKeys.size < 512) secretKeys.set(key, secret);
  }
  return secret;
}

// Masking a string with the secret-free redactor depends on the string alone, so the short values that
// repeat on every line (level, msg, method) are masked once; ids and paths are longer and never cached.
const maskedShort = new Map<string, string>();

function maskString(text: string): string {
  if (text.length > 24) return redactor.redactString(text);
  let masked = maskedShort.get(text);
  if (masked === undefined) {
    masked = redactor.redactString(text);
    if (maskedShort.size >= 256) maskedShort.clear();
    maskedShort.set(text, masked);
  }
  return masked;
}

/**
 * `redact` from `@clodo/security/worker`, with a shortcut for the usual flat entry (the request line is
 * written on every request): strings are masked as the redactor would, values under secret-named keys
 * replaced; an entry holding objects goes through the full deep walk.
 */
export function redactEntry(entry: LogEntry): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entry)) {
    const value = entry[key];
    if (value !== null && typeof value === 'object') return redactor.redact(entry);
    if (secretKey(key)) out[key] = typeof value === 'string' || typeof value === 'bigint' ? REDACTED : value;
    else out[key] = typeof value === 'string' ? maskString(value) : value;
  }
  return out;
}

const consoleSink = (line: string) => console.log(line);

/** Writes one line of JSON through `redact` (by default `@clodo/security`'s redaction). */
export function writeLog(options: Pick<RequestLoggerOptions, 'redact' | 'sink'>, entry: LogEntry): void {
  const safe = (options.redact ?? redactEntry)(entry);
  (options.sink ?? consoleSink)(JSON.stringify(safe));
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
    writeRequestLine(options, c, now() - started);
  };
}

/** The line `requestLogger` writes for a finished request. */
export function writeRequestLine(
  options: Pick<RequestLoggerOptions, 'redact' | 'sink'>,
  c: Context,
  durationMs: number,
): void {
  const status = c.res.status;
  writeLog(options, {
    level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
    msg: 'request',
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status,
    durationMs,
  });
}

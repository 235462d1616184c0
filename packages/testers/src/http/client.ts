import { Pool } from 'undici';
import { maskText } from './credentials.js';
import { parseTarget, requestPath, type Target } from './target.js';

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is sent as JSON. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Response headers with lower-case names (multi-valued headers joined by ", "). */
  headers: Record<string, string>;
  text: string;
  /** Parsed body when it is JSON, otherwise undefined. */
  json: unknown;
  latencyUs: number;
}

export type FailureKind = 'TIMEOUT' | 'ABORTED' | 'NETWORK';

export interface HttpFailure {
  kind: FailureKind;
  message: string;
  latencyUs: number;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure };

export interface HttpClientOptions {
  baseUrl: string;
  /** Keep-alive connections in the pool (default 8). */
  connections?: number;
  /** Requests in flight per connection (default 1). */
  pipelining?: number;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Values masked out of any error message the client reports. */
  secrets?: readonly string[];
}

/** HTTP over an undici keep-alive pool, timed at microsecond resolution. */
export class HttpClient {
  readonly target: Target;
  readonly #pool: Pool;
  readonly #timeoutMs: number;
  readonly #secrets: readonly string[];

  constructor(options: HttpClientOptions) {
    this.target = parseTarget(options.baseUrl);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#secrets = options.secrets ?? [];
    this.#pool = new Pool(this.target.origin, {
      connections: options.connections ?? 8,
      pipelining: options.pipelining ?? 1,
      keepAliveTimeout: 10_000,
    });
  }

  /** The pool itself, for the load generator's fast path. */
  get pool(): Pool {
    return this.#pool;
  }

  path(path: string): string {
    return requestPath(this.target, path);
  }

  async request(request: HttpRequest): Promise<HttpOutcome> {
    const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      const res = await this.#pool.request({
        method: request.method as 'GET',
        path: this.path(request.path),
        headers,
        body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      const latencyUs = (performance.now() - started) * 1000;
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return {
        ok: true,
        response: { status: res.statusCode, headers: flat, text, json: parseJson(text), latencyUs },
      };
    } catch (error) {
      const latencyUs = (performance.now() - started) * 1000;
      const kind = classifyFailure(error, request.signal, timeout);
      const message = maskText(describeError(error, kind, timeoutMs), this.#secrets);
      return { ok: false, failure: { kind, message, latencyUs } };
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

export function classifyFailure(
  error: unknown,
  userSignal?: AbortSignal,
  timeout?: AbortSignal,
): FailureKind {
  if (timeout?.aborted && !userSignal?.aborted) return 'TIMEOUT';
  if (userSignal?.aborted) return 'ABORTED';
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.includes('TIMEOUT')) return 'TIMEOUT';
  if (code === 'UND_ERR_ABORTED' || (error as Error | null)?.name === 'AbortError') return 'ABORTED';
  return 'NETWORK';
}

function describeError(error: unknown, kind: FailureKind, timeoutMs: number): string {
  if (kind === 'TIMEOUT') return `no response within ${timeoutMs} ms`;
  if (kind === 'ABORTED') return 'aborted';
  const err = error as { code?: string; message?: string } | null;
  const code = err?.code ? `${err.code}: ` : '';
  return `${code}${err?.message ?? String(error)}`;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import { type Clock, systemClock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';

export interface HealthCheckOptions {
  /** Attempts in total (default 5). */
  attempts?: number;
  /** Wait before the second attempt (default 500 ms); doubles each time up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout (default 5000 ms). */
  requestTimeoutMs?: number;
  /** Path probed under the deployed URL (default `/health`). */
  path?: string;
  clock?: Clock;
  fetch?: typeof fetch;
}

export interface HealthCheckResult {
  healthy: boolean;
  url: string;
  attempts: number;
  /** Status of the last response; absent when the last attempt got none (timeout, refused). */
  status?: number;
  /** The last response body, parsed when JSON, cut to 2 KiB otherwise. */
  body?: unknown;
  /** Why the last attempt failed. */
  error?: string;
  durationMs: number;
}

/** Polls a deployed worker's `/health` until it answers 2xx, with bounded retries and backoff. */
export class HealthChecker {
  readonly #options: Required<Omit<HealthCheckOptions, 'clock' | 'fetch'>>;
  readonly #clock: Clock;
  readonly #fetch: typeof fetch;

  constructor(options: HealthCheckOptions = {}) {
    this.#options = {
      attempts: options.attempts ?? 5,
      initialDelayMs: options.initialDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 5000,
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      path: options.path ?? '/health',
    };
    if (!Number.isInteger(this.#options.attempts) || this.#options.attempts < 1) {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'attempts: expected an integer >= 1');
    }
    this.#clock = options.clock ?? systemClock;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Never throws for an unhealthy worker: the result says so, with the attempt count. */
  async check(baseUrl: string): Promise<HealthCheckResult> {
    let url: string;
    try {
      // Appended to the URL's own path, so a service mounted at /api is probed at /api/health.
      const parsed = new URL(baseUrl);
      parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}${this.#options.path}`;
      url = parsed.toString();
    } catch {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, `url: "${baseUrl}" is not a URL`);
    }
    const started = this.#clock.now();
    let last: Omit<HealthCheckResult, 'url' | 'attempts' | 'durationMs'> = { healthy: false };
    for (let attempt = 1; attempt <= this.#options.attempts; attempt++) {
      last = await this.#probe(url);
      if (last.healthy || attempt === this.#options.attempts) {
        return { ...last, url, attempts: attempt, durationMs: this.#clock.now() - started };
      }
      const delay = Math.min(this.#options.maxDelayMs, this.#options.initialDelayMs * 2 ** (attempt - 1));
      await this.#clock.sleep(delay);
    }
    return { ...last, url, attempts: this.#options.attempts, durationMs: this.#clock.now() - started };
  }

  /** Like `check`, but a failure throws `HEALTH_CHECK_FAILED` carrying the result. */
  async assertHealthy(baseUrl: string): Promise<HealthCheckResult> {
    const result = await this.check(baseUrl);
    if (!result.healthy) {
      const why = result.status !== undefined ? `HTTP ${result.status}` : (result.error ?? 'no answer');
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.HEALTH_CHECK_FAILED,
        `${result.url} is not healthy after ${result.attempts} attempts (last: ${why})`,
        { ...result },
      );
    }
    return result;
  }

  async #probe(url: string): Promise<Omit<HealthCheckResult, 'url' | 'attempts' | 'durationMs'>> {
    try {
      const response = await this.#fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.#options.requestTimeoutMs),
      });
      const text = await response.text();
      let body: unknown = text.slice(0, 2048);
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON; keep the text.
      }
      return { healthy: response.status >= 200 && response.status < 300, status: response.status, body };
    } catch (error) {
      const name = (error as Error).name;
      const message =
        name === 'TimeoutError'
          ? `no answer within ${this.#options.requestTimeoutMs} ms`
          : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
      return { healthy: false, error: message };
    }
  }
}

import { type Clock, systemClock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError, isDeploymentError } from '../errors.js';
import type { CommandRunner, WranglerCommand, WranglerResult } from './command-runner.js';

/** Bounded exponential backoff with jitter, used only when Cloudflare answers rate-limited. */
export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  maxAttempts: number;
  /** Delay before the first retry (default 1000 ms); doubles each retry. */
  baseDelayMs: number;
  /** Upper bound for any single delay, including a server's Retry-After (default 15000 ms). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 15_000 };

/** The delay before retry number `retry` (1-based): full exponential step, jittered down to half. */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponential = policy.baseDelayMs * 2 ** (retry - 1);
  const jittered = exponential * (0.5 + random() * 0.5);
  const wanted = retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
  return Math.round(Math.min(policy.maxDelayMs, wanted));
}

export interface RetryingRunnerOptions {
  policy?: Partial<RetryPolicy>;
  clock?: Clock;
  random?: () => number;
  /** Called before each wait, e.g. to log or audit "rate limited, retry 2 in 1800 ms". */
  onRetry?: (event: { attempt: number; delayMs: number; message: string }) => void;
}

/**
 * Retries a command only when it failed with `WRANGLER_RATE_LIMITED`; every other failure is passed
 * through at once, unchanged. After the last attempt the rate-limit error is rethrown with the count.
 */
export class RetryingRunner implements CommandRunner {
  readonly policy: RetryPolicy;
  readonly #inner: CommandRunner;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #onRetry: RetryingRunnerOptions['onRetry'];

  constructor(inner: CommandRunner, options: RetryingRunnerOptions = {}) {
    this.#inner = inner;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    if (!Number.isInteger(this.policy.maxAttempts) || this.policy.maxAttempts < 1) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `policy.maxAttempts: expected an integer >= 1, got ${this.policy.maxAttempts}`,
      );
    }
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#onRetry = options.onRetry;
  }

  async run(command: WranglerCommand): Promise<WranglerResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.#inner.run(command);
        return { ...result, attempts: attempt };
      } catch (error) {
        if (!isDeploymentError(error, DEPLOYMENT_ERRORS.WRANGLER_RATE_LIMITED)) throw error;
        if (attempt >= this.policy.maxAttempts) {
          throw new DeploymentError(
            DEPLOYMENT_ERRORS.WRANGLER_RATE_LIMITED,
            `${error.message} (still rate limited after ${attempt} attempts)`,
            { ...error.details, attempts: attempt },
          );
        }
        const retryAfter = error.details.retryAfterMs;
        const delayMs = backoffDelay(
          this.policy,
          attempt,
          this.#random,
          typeof retryAfter === 'number' ? retryAfter : undefined,
        );
        this.#onRetry?.({ attempt, delayMs, message: error.message });
        await this.#clock.sleep(delayMs);
      }
    }
  }
}

import type { D1DatabaseLike, KVNamespaceLike, R2BucketLike } from '../bindings/types.js';

type Env = Record<string, unknown>;

export interface HealthCheck {
  name: string;
  /** A failing critical check makes `/health` answer 503 (default true). */
  critical?: boolean;
  /** Default 2000 ms. */
  timeoutMs?: number;
  /** Resolves when healthy; throws (or rejects) when not. */
  run(env: Env): Promise<unknown> | unknown;
}

export interface CheckResult {
  status: 'ok' | 'fail';
  critical: boolean;
  durationMs: number;
  message?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'fail';
  checks: Record<string, CheckResult>;
}

/** `SELECT 1` against a D1 binding. */
export function d1HealthCheck(binding: string, options: Partial<Omit<HealthCheck, 'run'>> = {}): HealthCheck {
  return {
    name: options.name ?? 'database',
    ...options,
    run: async (env) => {
      const row = await (env[binding] as D1DatabaseLike).prepare('SELECT 1 AS ok').first<{ ok: number }>();
      if (row?.ok !== 1) throw new Error('unexpected answer');
    },
  };
}

/** A read of a key (absent is fine) from a KV binding. */
export function kvHealthCheck(binding: string, options: Partial<Omit<HealthCheck, 'run'>> = {}): HealthCheck {
  return {
    name: options.name ?? 'kv',
    ...options,
    run: async (env) => {
      await (env[binding] as KVNamespaceLike).get('clodo:health', 'text');
    },
  };
}

/** A `head` of a key (absent is fine) in an R2 binding. */
export function r2HealthCheck(binding: string, options: Partial<Omit<HealthCheck, 'run'>> = {}): HealthCheck {
  return {
    name: options.name ?? 'storage',
    ...options,
    run: async (env) => {
      await (env[binding] as R2BucketLike).head('clodo-health');
    },
  };
}

/**
 * Runs every check concurrently, each bounded by its timeout. Failure messages stay generic: a health
 * answer is public and must not describe internals.
 */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  env: Env,
  now: () => number = Date.now,
): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (check): Promise<[string, CheckResult]> => {
      const critical = check.critical ?? true;
      const started = now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(() => check.run(env)),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('timed out')), check.timeoutMs ?? 2000);
          }),
        ]);
        return [check.name, { status: 'ok', critical, durationMs: now() - started }];
      } catch (error) {
        const message =
          error instanceof Error && error.message === 'timed out' ? 'timed out' : 'check failed';
        return [check.name, { status: 'fail', critical, durationMs: now() - started, message }];
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    }),
  );
  const checksOut = Object.fromEntries(results);
  const failed = results.filter(([, r]) => r.status === 'fail');
  const status = failed.some(([, r]) => r.critical) ? 'fail' : failed.length > 0 ? 'degraded' : 'ok';
  return { status, checks: checksOut };
}

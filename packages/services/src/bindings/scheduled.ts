import { definitionError } from '../errors.js';
import type { ExecutionContextLike, ScheduledControllerLike } from './types.js';

type Env = Record<string, unknown>;

export interface ScheduledJob {
  name: string;
  /** The cron expression exactly as written in the wrangler `triggers.crons` list. */
  cron: string;
  run: (env: Env, ctx: ExecutionContextLike, controller: ScheduledControllerLike) => Promise<void> | void;
}

export interface JobOutcome {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

/**
 * Builds a `scheduled()` handler running every job whose cron matches the trigger, concurrently. One
 * failing job does not stop the others; the handler rejects afterwards so the platform records the failure.
 */
export function scheduledJobs(
  jobs: readonly ScheduledJob[],
  options: { log?: (outcome: JobOutcome) => void; now?: () => number } = {},
) {
  const names = new Set<string>();
  for (const [i, job] of jobs.entries()) {
    if (
      !job ||
      typeof job.run !== 'function' ||
      typeof job.cron !== 'string' ||
      typeof job.name !== 'string'
    ) {
      throw definitionError(`scheduledJobs: jobs[${i}] needs name, cron and run`);
    }
    if (names.has(job.name)) throw definitionError(`scheduledJobs: duplicate job name "${job.name}"`);
    names.add(job.name);
  }
  const now = options.now ?? Date.now;
  return async (
    controller: ScheduledControllerLike,
    env: Env,
    ctx: ExecutionContextLike,
  ): Promise<JobOutcome[]> => {
    const due = jobs.filter((job) => job.cron === controller.cron);
    const outcomes = await Promise.all(
      due.map(async (job): Promise<JobOutcome> => {
        const started = now();
        try {
          await job.run(env, ctx, controller);
          return { name: job.name, ok: true, durationMs: now() - started };
        } catch (error) {
          return {
            name: job.name,
            ok: false,
            durationMs: now() - started,
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    for (const outcome of outcomes) options.log?.(outcome);
    const failed = outcomes.filter((o) => !o.ok).map((o) => o.name);
    if (failed.length > 0) throw new Error(`scheduled jobs failed: ${failed.join(', ')}`);
    return outcomes;
  };
}

import type { DeploymentUnit } from '../ports/deployment-unit.js';

export interface ScheduleHooks {
  /** Runs one unit; resolves true when it succeeded. Must not reject. */
  run(unit: DeploymentUnit): Promise<boolean>;
  /** False once the run must start nothing new. */
  mayStart(): boolean;
  /** A unit that cannot start because a unit it depends on did not succeed. */
  blocked(unit: DeploymentUnit, dependency: DeploymentUnit): Promise<void>;
}

/**
 * Starts units in the given (dependency) order as soon as their dependencies succeeded, with never
 * more than `concurrency` in flight. Returns when nothing runs and nothing more can start.
 */
export async function runScheduled(
  ordered: readonly DeploymentUnit[],
  dependencies: ReadonlyMap<string, readonly DeploymentUnit[]>,
  concurrency: number,
  hooks: ScheduleHooks,
): Promise<void> {
  const outcome = new Map<string, boolean>();
  const waiting = [...ordered];
  const running = new Map<string, Promise<void>>();

  const startable = (): DeploymentUnit | 'blocked' | undefined => {
    for (const unit of waiting) {
      const deps = dependencies.get(unit.id) ?? [];
      if (deps.some((d) => outcome.get(d.id) === false)) return 'blocked';
      if (deps.every((d) => outcome.get(d.id) === true)) return unit;
    }
    return undefined;
  };

  for (;;) {
    let next = startable();
    while (next === 'blocked') {
      // Report every unit whose dependency failed, then look again.
      for (const unit of [...waiting]) {
        const failed = (dependencies.get(unit.id) ?? []).find((d) => outcome.get(d.id) === false);
        if (!failed) continue;
        waiting.splice(waiting.indexOf(unit), 1);
        outcome.set(unit.id, false);
        await hooks.blocked(unit, failed);
      }
      next = startable();
    }
    if (next && running.size < concurrency && hooks.mayStart()) {
      const unit = next;
      waiting.splice(waiting.indexOf(unit), 1);
      running.set(
        unit.id,
        hooks.run(unit).then((ok) => {
          outcome.set(unit.id, ok);
          running.delete(unit.id);
        }),
      );
      continue;
    }
    if (running.size === 0) return;
    await Promise.race(running.values());
  }
}

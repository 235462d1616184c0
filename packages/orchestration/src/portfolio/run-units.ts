import type { PhaseContext } from '../base/context.js';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { runScheduled } from './scheduler.js';

export const FAILURE_POLICIES = ['stop', 'continue', 'rollback-all'] as const;
/**
 * `stop`: start nothing new after a failure (running units finish); `continue`: deploy everything
 * that does not depend on the failed unit; `rollback-all`: undo every unit this run changed, in
 * reverse completion order. A failed unit's own changes are undone under every policy.
 */
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

export interface RunUnitsRequest {
  units: readonly DeploymentUnit[];
  dependencies: ReadonlyMap<string, readonly DeploymentUnit[]>;
  concurrency: number;
  failurePolicy: FailurePolicy;
  /** Makes every change of one unit and verifies it; throws when the unit failed. */
  deployOne(unit: DeploymentUnit): Promise<void>;
}

/**
 * Deploys units in dependency order with bounded concurrency, applying the failure policy.
 * Under `rollback-all` a failure throws UNIT_FAILED once nothing is in flight, so the run undoes
 * everything; otherwise failures are recorded and the function returns whether all succeeded.
 */
export async function runUnits(ctx: PhaseContext, request: RunUnitsRequest): Promise<boolean> {
  if (ctx.dryRun) {
    // The plan lists units one after another in the order a real run may start them.
    for (const unit of request.units) await request.deployOne(unit);
    return true;
  }
  let halted = false;
  let firstFailure: unknown;
  const done = new Set(request.units.filter((u) => ctx.unit(u.id).state === 'succeeded').map((u) => u.id));
  await runScheduled(request.units, request.dependencies, request.concurrency, {
    mayStart: () => !halted && !ctx.signal?.aborted,
    blocked: async (unit, dependency) => {
      const error = new OrchestrationError(
        ORCHESTRATION_ERRORS.DEPENDENCY_FAILED,
        `${unit.id}: not started because ${dependency.id} did not succeed`,
      );
      await ctx.setUnitState(unit.id, 'skipped', error);
    },
    run: async (unit) => {
      // A resumed run keeps what the interrupted one finished.
      if (done.has(unit.id)) return true;
      try {
        await ctx.setUnitState(unit.id, 'running');
        await request.deployOne(unit);
        await ctx.setUnitState(unit.id, 'succeeded');
        ctx.raiseUnit(unit.id);
        return true;
      } catch (error) {
        await ctx.setUnitState(unit.id, 'failed', error);
        firstFailure ??= error;
        if (request.failurePolicy !== 'continue') halted = true;
        if (request.failurePolicy === 'rollback-all') return false;
        ctx.recordError(error, unit.id);
        await ctx.compensateUnit(unit.id);
        return false;
      }
    },
  });
  ctx.throwIfAborted();
  if (request.failurePolicy === 'rollback-all' && firstFailure !== undefined) {
    const message = firstFailure instanceof Error ? firstFailure.message : String(firstFailure);
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.UNIT_FAILED,
      `${message} (failure policy rollback-all: undoing every unit this run changed)`,
    );
  }
  return firstFailure === undefined;
}

export function checkFailurePolicy(policy: unknown): FailurePolicy {
  if (!FAILURE_POLICIES.includes(policy as FailurePolicy)) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      `failurePolicy: unknown "${String(policy)}"; valid policies: ${FAILURE_POLICIES.join(', ')}`,
    );
  }
  return policy as FailurePolicy;
}

export function checkConcurrency(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'concurrency: expected an integer >= 1',
    );
  }
  return value as number;
}

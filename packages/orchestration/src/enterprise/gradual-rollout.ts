import type { PhaseContext } from '../base/context.js';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { TrafficObservation } from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { deployUnit, forRun, type PipelineHost, planStep } from '../pipeline/unit-pipeline.js';

export interface RolloutPolicy {
  /** Traffic percentages for the new version, increasing, ending at 100 (default 10, 50, 100). */
  percentages: readonly number[];
  /** How long to let traffic flow before observing each step, in ms (default 60 000). */
  observeMs: number;
  /** Error rate (0..1) above which the rollout is undone (default 0.05). */
  maxErrorRate: number;
}

export const DEFAULT_ROLLOUT: RolloutPolicy = {
  percentages: [10, 50, 100],
  observeMs: 60_000,
  maxErrorRate: 0.05,
};

export interface RolloutStep extends TrafficObservation {
  unit: string;
  percentage: number;
}

export function checkRollout(policy: Partial<RolloutPolicy> | undefined): RolloutPolicy {
  const merged = { ...DEFAULT_ROLLOUT, ...(policy ?? {}) };
  const p = merged.percentages;
  const bad = (message: string) => new OrchestrationError(ORCHESTRATION_ERRORS.INVALID_ARGUMENT, message);
  if (!Array.isArray(p) || p.length === 0) throw bad('rollout.percentages: expected a non-empty array');
  p.forEach((value, i) => {
    if (typeof value !== 'number' || !(value > 0 && value <= 100)) {
      throw bad(`rollout.percentages[${i}]: expected a number in (0, 100]`);
    }
    if (i > 0 && value <= (p[i - 1] as number))
      throw bad(`rollout.percentages[${i}]: must be above the previous step`);
  });
  if (p.at(-1) !== 100) throw bad('rollout.percentages: the last step must be 100');
  if (!(Number.isFinite(merged.observeMs) && merged.observeMs >= 0))
    throw bad('rollout.observeMs: expected >= 0');
  if (!(merged.maxErrorRate >= 0 && merged.maxErrorRate <= 1))
    throw bad('rollout.maxErrorRate: expected 0..1');
  return merged;
}

/**
 * Uploads a version without traffic, then moves traffic to it step by step, observing health and
 * error rate after each; crossing the threshold throws (the registered undo restores the previous
 * version at 100 %). A worker with no previous version is deployed in one step.
 */
export async function gradualRollout(
  ctx: PhaseContext,
  host: PipelineHost,
  of: DeploymentUnit,
  policy: RolloutPolicy,
  onStep: (step: RolloutStep) => void,
): Promise<void> {
  const unit = forRun(ctx, of);
  const { steps } = host;
  if (ctx.dryRun) {
    planStep(ctx, host, 'upload-version', unit);
    for (const _ of policy.percentages) {
      planStep(ctx, host, 'set-traffic', unit);
      planStep(ctx, host, 'observe', unit);
    }
    return;
  }
  const report = ctx.unit(unit.id);
  const previous = report.previousVersionId;
  // Nothing to split traffic with, and Cloudflare refuses a version upload for a worker that does
  // not exist yet: a first deployment is a plain deploy.
  if (previous === undefined) return deployUnit(ctx, host, of);
  const uploaded = await ctx.step(
    unit,
    'upload-version',
    () => steps.uploadVersion!(unit),
    (v) => ({
      versionId: v.versionId,
    }),
  );
  report.versionId = uploaded.versionId;
  if (uploaded.url) report.url = uploaded.url;
  const undo = host.capabilities.has('rollback')
    ? await ctx.registerCompensation(
        {
          description: `roll back ${unit.id} to ${previous}`,
          unit: unit.id,
          kind: 'rollback',
          data: { toVersionId: previous },
          armed: false,
        },
        () => steps.rollback(unit, previous),
      )
    : undefined;
  for (const percentage of policy.percentages) {
    const split =
      percentage === 100
        ? [{ versionId: uploaded.versionId, percentage: 100 }]
        : [
            { versionId: uploaded.versionId, percentage },
            { versionId: previous, percentage: 100 - percentage },
          ];
    await ctx.step(
      unit,
      'set-traffic',
      () => steps.setTraffic!(unit, split),
      () => ({ split }),
    );
    if (undo !== undefined) await ctx.armCompensation(undo);
    await ctx.clock.sleep(policy.observeMs, ctx.signal);
    const seen = await ctx.step(
      unit,
      'observe',
      () => steps.observe!(unit, uploaded.versionId),
      (o) => ({
        percentage,
        errorRate: o.errorRate,
        healthy: o.healthy,
        requests: o.requests,
      }),
    );
    onStep({ unit: unit.id, percentage, ...seen });
    ctx.emit({
      type: 'rollout:step',
      deploymentId: ctx.deploymentId,
      unit: unit.id,
      percentage,
      errorRate: seen.errorRate,
      healthy: seen.healthy,
    });
    if (!seen.healthy || seen.errorRate > policy.maxErrorRate) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.ROLLOUT_THRESHOLD_EXCEEDED,
        `${unit.id}: ${seen.healthy ? '' : 'unhealthy, '}error rate ${pct(seen.errorRate)} at ${percentage}% traffic (limit ${pct(policy.maxErrorRate)})`,
        { unit: unit.id, percentage, errorRate: seen.errorRate },
      );
    }
  }
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

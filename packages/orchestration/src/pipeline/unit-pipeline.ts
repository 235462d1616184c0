import type { CompensationRecord } from '../base/compensation.js';
import type { PhaseContext } from '../base/context.js';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { DeploymentSteps, StepName, ValidationOutcome } from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import type { Capability } from './capabilities.js';

/** What the unit steps need from the orchestrator running them. */
export interface PipelineHost {
  steps: DeploymentSteps;
  capabilities: ReadonlySet<Capability>;
}

/** The unit as the steps see it: with the run's id, for their own audit records. */
export function forRun(ctx: { deploymentId: string }, unit: DeploymentUnit): DeploymentUnit {
  return { ...unit, deploymentId: ctx.deploymentId };
}

/** Adds the calls of `step` to the dry-run plan. */
export function planStep(ctx: PhaseContext, host: PipelineHost, step: StepName, unit: DeploymentUnit): void {
  ctx.addPlan(host.steps.describe(step, unit).map((call) => ({ ...call, step, unit: unit.id })));
}

/** Preflight; throws VALIDATION_FAILED naming the blocking findings. Skipped without `validation`. */
export async function validateUnit(
  ctx: PhaseContext,
  host: PipelineHost,
  of: DeploymentUnit,
  onOutcome?: (outcome: ValidationOutcome) => void,
): Promise<ValidationOutcome | undefined> {
  const unit = forRun(ctx, of);
  if (!host.capabilities.has('validation')) return undefined;
  if (ctx.dryRun) {
    planStep(ctx, host, 'validate', unit);
    return undefined;
  }
  const outcome = await ctx.step(
    unit,
    'validate',
    () => host.steps.validate(unit),
    (r) => ({ ok: r.ok, findings: r.findings.map((f) => `${f.severity}: ${f.message}`) }),
  );
  onOutcome?.(outcome);
  // A critical (security) finding blocks production; elsewhere it is reported, not blocking.
  const critical = unit.production ? outcome.findings.filter((f) => f.severity === 'critical') : [];
  if (critical.length > 0) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.SECURITY_FINDING,
      `${unit.id}: critical finding blocks production: ${critical.map((f) => f.message).join('; ')}`,
      { unit: unit.id },
    );
  }
  const blocking = outcome.findings.filter((f) => f.severity === 'error');
  if (!outcome.ok || blocking.length > 0) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.VALIDATION_FAILED,
      `${unit.id}: validation failed: ${blocking.map((f) => f.message).join('; ') || 'not ok'}`,
      { unit: unit.id },
    );
  }
  return outcome;
}

/** build → read current version → (backup in production) → migrate → secrets. */
export async function prepareUnit(ctx: PhaseContext, host: PipelineHost, of: DeploymentUnit): Promise<void> {
  const unit = forRun(ctx, of);
  const { steps, capabilities } = host;
  const migrations = capabilities.has('migrations') && unit.hasDatabase === true;
  if (ctx.dryRun) {
    if (steps.build) planStep(ctx, host, 'build', unit);
    planStep(ctx, host, 'read-version', unit);
    if (migrations && unit.production) planStep(ctx, host, 'backup', unit);
    if (migrations) planStep(ctx, host, 'migrate', unit);
    if (capabilities.has('secrets')) planStep(ctx, host, 'secrets', unit);
    return;
  }
  const report = ctx.unit(unit.id);
  if (steps.build) await ctx.step(unit, 'build', () => steps.build!(unit));
  const previous = await ctx.step(
    unit,
    'read-version',
    () => steps.currentVersion(unit),
    (v) => ({ versionId: v ?? null }),
  );
  // A resumed run keeps the version read before its first deploy attempt.
  if (previous !== undefined && report.previousVersionId === undefined) report.previousVersionId = previous;
  if (migrations && unit.production) {
    const backup = await ctx.step(
      unit,
      'backup',
      () => steps.backupDatabase(unit),
      (b) => ({ ref: b.ref }),
    );
    report.backupRef = backup.ref;
  }
  if (migrations) {
    await ctx.step(
      unit,
      'migrate',
      () => steps.migrate(unit),
      (m) => ({ applied: m.applied, createdDatabase: m.createdDatabase ?? false, reversible: false }),
    );
  }
  if (capabilities.has('secrets')) {
    const result = await ctx.step(
      unit,
      'secrets',
      () => steps.syncSecrets(unit),
      (s) => ({ created: s.created, rotated: s.rotated }),
    );
    if (result.created.length > 0 && steps.removeSecrets) {
      const names = [...result.created];
      await ctx.registerCompensation(
        {
          description: `remove secrets ${names.join(', ')} from ${unit.id}`,
          unit: unit.id,
          kind: 'remove-secrets',
          data: { names },
        },
        () => steps.removeSecrets!(unit, names),
      );
    }
  }
}

/**
 * `deploy`, with its undo registered before the call (unarmed) and armed after, so a process killed
 * mid-deploy leaves a record that the unit may have changed.
 */
export async function deployUnit(ctx: PhaseContext, host: PipelineHost, of: DeploymentUnit): Promise<void> {
  const unit = forRun(ctx, of);
  if (ctx.dryRun) {
    planStep(ctx, host, 'deploy', unit);
    return;
  }
  const report = ctx.unit(unit.id);
  const toVersionId = report.previousVersionId;
  const id = host.capabilities.has('rollback')
    ? await ctx.registerCompensation(
        {
          description: `roll back ${unit.id} to ${toVersionId ?? 'no previous version'}`,
          unit: unit.id,
          kind: 'rollback',
          data: { toVersionId: toVersionId ?? null },
          armed: false,
        },
        () => host.steps.rollback(unit, toVersionId),
      )
    : undefined;
  let outcome: Awaited<ReturnType<DeploymentSteps['deploy']>>;
  try {
    outcome = await ctx.step(
      unit,
      'deploy',
      () => host.steps.deploy(unit),
      (d) => ({ versionId: d.versionId, url: d.url ?? null, previousVersionId: toVersionId ?? null }),
    );
  } catch (error) {
    if (id !== undefined) await ctx.dropCompensation(id);
    throw error;
  }
  report.versionId = outcome.versionId;
  if (outcome.url) report.url = outcome.url;
  if (id !== undefined) await ctx.armCompensation(id);
}

/** Health check, then smoke tests (with `tests`); either failing throws. */
export async function verifyUnit(ctx: PhaseContext, host: PipelineHost, of: DeploymentUnit): Promise<void> {
  const unit = forRun(ctx, of);
  if (ctx.dryRun) {
    planStep(ctx, host, 'health', unit);
    if (host.capabilities.has('tests')) planStep(ctx, host, 'tests', unit);
    return;
  }
  const url = ctx.unit(unit.id).url;
  const health = await ctx.step(
    unit,
    'health',
    () => host.steps.healthCheck(unit, url),
    (h) => ({ healthy: h.healthy, status: h.status ?? null }),
  );
  if (!health.healthy) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.HEALTH_CHECK_FAILED,
      `${unit.id}: health check failed${health.status ? ` (HTTP ${health.status})` : ''}${health.detail ? `: ${health.detail}` : ''}`,
      { unit: unit.id },
    );
  }
  if (!host.capabilities.has('tests')) return;
  const tests = await ctx.step(
    unit,
    'tests',
    () => host.steps.runTests(unit, url),
    (t) => ({ passed: t.passed, failures: t.failures, total: t.total ?? null }),
  );
  if (!tests.passed) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.TESTS_FAILED,
      `${unit.id}: tests failed: ${tests.failures.join('; ') || 'no detail'}`,
      { unit: unit.id },
    );
  }
}

/** After the run: each succeeded unit's version and the one it replaced, audited for a later rollback. */
export async function recordVersions(ctx: PhaseContext, units: readonly DeploymentUnit[]): Promise<void> {
  if (ctx.dryRun) return;
  for (const unit of units) {
    const report = ctx.unit(unit.id);
    if (report.state !== 'succeeded') continue;
    await ctx.audit(
      'record-version',
      'succeeded',
      { versionId: report.versionId ?? null, previousVersionId: report.previousVersionId ?? null },
      unit,
    );
  }
}

/**
 * Performs a compensation restored from a state file (no in-process undo available) on the unit of
 * `units` it names.
 */
export async function compensateFromRecord(
  ctx: PhaseContext,
  host: PipelineHost,
  record: CompensationRecord,
  units: readonly DeploymentUnit[],
): Promise<void> {
  const of = units.find((u) => u.id === record.unit);
  if (!of) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.COMPENSATION_UNKNOWN,
      `"${record.description}": unit ${record.unit ?? '(none)'} is not part of this orchestrator's request`,
    );
  }
  const unit = forRun(ctx, of);
  const data = record.data ?? {};
  switch (record.kind) {
    case 'rollback':
      return host.steps.rollback(unit, typeof data.toVersionId === 'string' ? data.toVersionId : undefined);
    case 'remove-secrets':
      if (!host.steps.removeSecrets) break;
      return host.steps.removeSecrets(unit, Array.isArray(data.names) ? (data.names as string[]) : []);
    case 'set-traffic':
      if (!host.steps.setTraffic || typeof data.versionId !== 'string') break;
      return host.steps.setTraffic(unit, [{ versionId: data.versionId, percentage: 100 }]);
  }
  throw new OrchestrationError(
    ORCHESTRATION_ERRORS.COMPENSATION_UNKNOWN,
    `no way to undo "${record.description}" (kind ${record.kind ?? 'none'})`,
  );
}

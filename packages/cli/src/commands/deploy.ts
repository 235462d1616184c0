import { join, relative } from 'node:path';
import type { OrchestrationResult } from '@clodo/orchestration';
import { seconds, stepRenderer } from '../deploy/progress.js';
import { deploymentStepsFor, portfolioServices, prepareUnits } from '../deploy/unit-steps.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { loadProject } from '../project/load.js';
import { AUDIT_DIR, RUNS_DIR } from '../project/state-paths.js';
import { configuredTarget, openTarget, type ProjectTarget, parseTargetKind } from '../project/target.js';
import { selectEnvironment, selectUnits } from '../project/units.js';
import { confirmProduction } from './confirm.js';
import { integerOption } from './integer-option.js';

const POLICIES = ['stop', 'continue', 'rollback-all'] as const;

/** A dry run needs no running emulator: nothing is called, only the plan is described. */
async function targetForDryRun(
  project: Parameters<typeof openTarget>[0],
  ctx: CommandContext,
  environment: string,
) {
  try {
    return await openTarget(project, { target: ctx.options.target, environment, env: ctx.io.env });
  } catch (error) {
    if (parseTargetKind(ctx.options.target, configuredTarget(project, environment)) !== 'local') throw error;
    const { createDeploymentToolkit } = await import('@clodo/deployment');
    const { DEFAULT_ACCOUNT_ID } = await import('@clodo/emulator');
    const target = {
      kind: 'local' as const,
      apiBaseUrl: 'http://127.0.0.1:9/client/v4',
      accountId: DEFAULT_ACCOUNT_ID,
      apiToken: 'dry-run',
    };
    return {
      kind: 'local' as const,
      target,
      toolkit: createDeploymentToolkit({ target, projectRoot: project.root }),
      workerUrl: async () => undefined,
    } satisfies ProjectTarget;
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const { options, out, io } = ctx;
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const environment = selectEnvironment(project, options.env);
  const policy = (options.policy as string | undefined) ?? 'rollback-all';
  if (!(POLICIES as readonly string[]).includes(policy)) {
    throw new UsageError(`--policy must be one of ${POLICIES.join(', ')} (got ${JSON.stringify(policy)})`);
  }
  const concurrency = integerOption('--concurrency', options.concurrency, { min: 1, max: 16, fallback: 2 });
  const dryRun = Boolean(options.dryRun);
  const units = await selectUnits(project, environment, options);
  if (units.length === 0) throw new UsageError(`nothing to deploy in ${environment} for that selection`);
  if (!dryRun) await confirmProduction(ctx, environment, `deploy ${units.length} unit(s) to ${environment}`);

  const deployTo = dryRun
    ? await targetForDryRun(project, ctx, environment)
    : await openTarget(project, {
        target: options.target,
        environment,
        env: io.env,
        toolkit: { health: { attempts: 4, initialDelayMs: 400 } },
      });
  const prepared = await prepareUnits(project, units, deployTo, { dryRun });
  const steps = await deploymentStepsFor(project, prepared, deployTo);
  const { FileRunStateStore, PortfolioOrchestrator, SingleServiceOrchestrator } = await import(
    '@clodo/orchestration'
  );
  const capabilities = ['validation', 'migrations', 'secrets', 'rollback'];
  const progress = stepRenderer(
    out,
    prepared.map((p) => `${p.unit.service}${p.unit.customer ? `@${p.unit.customer}` : ''}:${environment}`),
  );
  const common = {
    steps,
    capabilities,
    audit: deployTo.toolkit.auditor,
    lock: deployTo.toolkit.lock,
    stateStore: new FileRunStateStore(join(project.root, RUNS_DIR)),
    onEvent: progress,
  };
  const single = prepared.length === 1 ? prepared[0] : undefined;
  const orchestrator = single
    ? new SingleServiceOrchestrator({
        ...common,
        unit: {
          service: single.unit.service,
          environment,
          ...(single.unit.customer ? { customer: single.unit.customer } : {}),
          hasDatabase: single.wrangler.databaseName !== undefined,
        },
      })
    : new PortfolioOrchestrator({
        ...common,
        environment,
        services: portfolioServices(prepared),
        concurrency,
        failurePolicy: policy as (typeof POLICIES)[number],
      });

  out.note(
    `${dryRun ? 'planning' : 'deploying'} ${prepared.length} unit(s) to ${environment} on ${deployTo.kind}${dryRun ? ' (dry run: no change)' : ''}`,
  );
  // Ctrl-C stops before the next step and undoes what this run changed.
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  // Kept for the whole run: a second Ctrl-C must not kill the process mid-rollback.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: OrchestrationResult;
  try {
    result = await orchestrator.execute({ dryRun, signal: abort.signal });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const urls: Record<string, string | undefined> = {};
  if (!dryRun) {
    for (const p of prepared) urls[p.wrangler.workerName] = await deployTo.workerUrl(p.wrangler.workerName);
  }
  const units_ = result.units.map((u) => {
    const p = prepared.find((x) => x.unit.service === u.service && x.unit.customer === u.customer);
    const worker = p?.wrangler.workerName;
    return {
      id: u.id,
      service: u.service,
      ...(u.customer ? { customer: u.customer } : {}),
      worker,
      state: u.state,
      versionId: u.versionId ?? null,
      previousVersionId: u.previousVersionId ?? null,
      url: (worker ? urls[worker] : undefined) ?? u.url ?? null,
      steps: u.steps,
      ...(u.error ? { error: u.error.message } : {}),
    };
  });
  const ok = result.status === 'succeeded';
  const doc = {
    ok,
    deploymentId: result.deploymentId,
    status: result.status,
    environment,
    target: deployTo.kind,
    dryRun,
    durationMs: result.durationMs,
    units: units_,
    summary: result.summary,
    errors: result.errors,
    compensations: result.compensations,
    plan: result.plan,
    auditLog: join(project.root, AUDIT_DIR),
    runState: dryRun ? null : join(project.root, RUNS_DIR, `${result.deploymentId}.json`),
  };
  out.result(doc, () => {
    const c = out.color;
    if (dryRun) {
      out.line(`plan of ${result.deploymentId} (${result.plan.length} calls, nothing changed):`);
      for (const call of result.plan) {
        out.line(`  ${(call as { unit?: string }).unit ?? ''}  ${call.description}`);
      }
      return;
    }
    const mark = ok ? c.green('✓') : c.red('✗');
    out.line(`${mark} ${result.deploymentId}: ${result.status} in ${seconds(result.durationMs)}`);
    const width = Math.max(...units_.map((u) => u.id.length));
    for (const u of units_) {
      const restored = result.compensations.some((k) => k.unit === u.id && k.state === 'succeeded');
      const state =
        u.state === 'succeeded'
          ? c.green('live')
          : restored
            ? c.yellow(
                `${u.state === 'rolled-back' ? '' : `${u.state}, `}rolled back to ${u.previousVersionId}`,
              )
            : c.red(u.state);
      const live = u.state === 'succeeded';
      out.line(`  ${u.id.padEnd(width)}  ${state}${live ? `  ${u.versionId}  ${u.url ?? ''}` : ''}`);
    }
    for (const e of result.errors) out.line(`  ${c.red('error')} ${e.message}`);
    out.line(`audit: ${relative(io.cwd, doc.auditLog) || '.'}  (clodo audit --run ${result.deploymentId})`);
  });
  return ok ? EXIT.ok : EXIT.failure;
}

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AuditRecord } from '@clodo/deployment';
import { CliError, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { loadProject } from '../project/load.js';
import { AUDIT_DIR, RUNS_DIR } from '../project/state-paths.js';

export interface RunListing {
  deploymentId: string;
  status: string;
  startedAt: string;
  finishedAt: string;
  environments: string[];
  services: string[];
  records: number;
  failedSteps: number;
}

async function runStatuses(dir: string): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    try {
      const state = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
        deploymentId?: string;
        status?: string;
      };
      if (state.deploymentId && state.status) statuses.set(state.deploymentId, state.status);
    } catch {
      // A file being written (or not a run state) is skipped; the audit log is the record.
    }
  }
  return statuses;
}

function listRuns(records: readonly AuditRecord[], statuses: Map<string, string>): RunListing[] {
  const runs = new Map<string, AuditRecord[]>();
  for (const r of records) runs.set(r.deploymentId, [...(runs.get(r.deploymentId) ?? []), r]);
  return [...runs.entries()]
    .map(([deploymentId, rs]) => ({
      deploymentId,
      status: statuses.get(deploymentId) ?? (rs.some((r) => r.outcome === 'failed') ? 'failed' : 'succeeded'),
      startedAt: rs[0]?.time ?? '',
      finishedAt: rs.at(-1)?.time ?? '',
      environments: [...new Set(rs.map((r) => r.environment).filter((e) => e !== '*'))],
      services: [...new Set(rs.map((r) => r.service).filter((s) => s !== '*'))],
      records: rs.length,
      failedSteps: rs.filter((r) => r.outcome === 'failed').length,
    }))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** Lists runs (newest first) from the audit log, or prints one run's records in sequence order. */
export async function run({ options, out, io }: CommandContext): Promise<void> {
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const limit = options.limit === undefined ? 20 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a positive integer (got ${JSON.stringify(options.limit)})`);
  }
  const { DeploymentAuditor } = await import('@clodo/deployment');
  const auditor = DeploymentAuditor.forProject(project.root, {});
  const auditDir = join(project.root, AUDIT_DIR);
  const where = relative(io.cwd, auditDir) || '.';
  const runId = options.run as string | undefined;
  if (runId === undefined) {
    const runs = listRuns(await auditor.query(), await runStatuses(join(project.root, RUNS_DIR))).slice(
      0,
      limit,
    );
    out.result({ ok: true, auditLog: auditDir, runs }, () => {
      if (runs.length === 0) {
        out.line(`no deployment runs recorded yet (${where})`);
        return;
      }
      for (const r of runs) {
        out.line(
          `${r.startedAt}  ${r.deploymentId}  ${r.status.padEnd(11)} ${r.environments.join(',')}  ${r.services.join(', ')}  (${r.records} records)`,
        );
      }
      out.line(`audit log: ${where}; details: clodo audit --run <id>`);
    });
    return;
  }
  const records = await auditor.query({ deploymentId: runId });
  if (records.length === 0) {
    throw new CliError(`no audit records for run "${runId}"; list the runs with \`clodo audit\``);
  }
  out.result({ ok: true, auditLog: auditDir, deploymentId: runId, records }, () => {
    const c = out.color;
    for (const r of records) {
      const outcome =
        r.outcome === 'failed'
          ? c.red(r.outcome)
          : r.outcome === 'succeeded'
            ? c.green(r.outcome)
            : r.outcome;
      const unit = r.service === '*' ? '' : `${r.service}:${r.environment}`;
      const details = Object.keys(r.details).length ? ` ${JSON.stringify(r.details)}` : '';
      out.line(
        `${String(r.seq).padStart(5)} ${r.time} ${unit.padEnd(26)} ${r.step.padEnd(16)} ${outcome}${c.dim(details)}`,
      );
    }
    out.line(`${records.length} records in ${where}`);
  });
}

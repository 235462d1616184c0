import type { CompensationReport, OrchestrationResult, UnitReport } from '../base/result.js';
import type { ErrorSummary } from '../errors.js';
import type { StepFinding } from '../ports/deployment-steps.js';
import type { ApprovalDecision } from './approval.js';
import type { RolloutStep } from './gradual-rollout.js';

export interface EnvironmentReport {
  environment: string;
  /** `promoted`: every unit passed its tests; `failed`: a unit failed; `skipped`: never started. */
  state: 'promoted' | 'failed' | 'skipped';
  units: UnitReport[];
}

/** What happened in an enterprise promotion, for people and compliance records. */
export interface EnterpriseAuditReport {
  deploymentId: string;
  status: OrchestrationResult['status'];
  generatedAt: string;
  environments: EnvironmentReport[];
  approvals: Array<ApprovalDecision & { environment: string }>;
  findings: Array<StepFinding & { unit: string }>;
  rollout: RolloutStep[];
  compensations: CompensationReport[];
  errors: ErrorSummary[];
}

export function buildAuditReport(
  result: OrchestrationResult,
  environments: readonly string[],
  collected: Pick<EnterpriseAuditReport, 'approvals' | 'findings' | 'rollout'>,
  now: number,
): EnterpriseAuditReport {
  return {
    deploymentId: result.deploymentId,
    status: result.status,
    generatedAt: new Date(now).toISOString(),
    environments: environments.map((environment) => {
      const units = result.units.filter((u) => u.environment === environment);
      const state = units.every((u) => u.state === 'succeeded')
        ? 'promoted'
        : units.every((u) => u.state === 'skipped')
          ? 'skipped'
          : 'failed';
      return { environment, state, units };
    }),
    approvals: collected.approvals,
    findings: collected.findings,
    rollout: collected.rollout,
    compensations: result.compensations,
    errors: result.errors,
  };
}

/** The report as Markdown. */
export function renderAuditReport(report: EnterpriseAuditReport): string {
  const lines = [
    `# Deployment ${report.deploymentId}: ${report.status}`,
    '',
    `Generated ${report.generatedAt}.`,
    '',
    '## Environments',
    '',
    '| environment | state | unit | unit state | version | previous |',
    '|---|---|---|---|---|---|',
  ];
  for (const env of report.environments) {
    for (const unit of env.units) {
      lines.push(
        `| ${env.environment} | ${env.state} | ${unit.id} | ${unit.state} | ${unit.versionId ?? ''} | ${unit.previousVersionId ?? ''} |`,
      );
    }
  }
  lines.push('', '## Approvals', '');
  if (report.approvals.length === 0) lines.push('None required.');
  for (const a of report.approvals) {
    lines.push(
      `- ${a.environment}: ${a.approved ? `approved by ${a.by ?? 'unknown'}` : `not approved (${a.reason ?? 'no reason'})`} [${a.source}]`,
    );
  }
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) lines.push('None.');
  for (const f of report.findings) lines.push(`- ${f.unit}: ${f.severity}: ${f.message}`);
  if (report.rollout.length > 0) {
    lines.push(
      '',
      '## Gradual rollout',
      '',
      '| unit | traffic | error rate | healthy |',
      '|---|---|---|---|',
    );
    for (const r of report.rollout) {
      lines.push(
        `| ${r.unit} | ${r.percentage}% | ${(r.errorRate * 100).toFixed(1)}% | ${r.healthy ? 'yes' : 'no'} |`,
      );
    }
  }
  if (report.compensations.length > 0) {
    lines.push('', '## Rolled back', '');
    for (const c of report.compensations) lines.push(`- ${c.description}: ${c.state}`);
  }
  if (report.errors.length > 0) {
    lines.push('', '## Errors', '');
    for (const e of report.errors) lines.push(`- ${e.code ? `${e.code}: ` : ''}${e.message}`);
  }
  return `${lines.join('\n')}\n`;
}

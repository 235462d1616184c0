import { join } from 'node:path';
import { EXIT, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { environmentNames, loadProject, localSecrets } from '../project/load.js';

interface UnitReport {
  service: string;
  environment: string;
  customer?: string;
  blocked: boolean;
  findings: { path: string; severity: string; rule: string; message: string; remediation: string }[];
}

/** Config validity (every problem with its path) and the security rules of each environment. */
export async function run({ options, out, io }: CommandContext): Promise<number> {
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const { deploymentUnits } = await import('@clodo/config');
  const { evaluateSecurityRules, securityInputForUnit, blocksDeployment } = await import('@clodo/security');
  const all = environmentNames(project.config);
  const wanted = options.env ? [options.env as string] : all;
  for (const env of wanted) {
    if (!all.includes(env))
      throw new UsageError(`unknown environment "${env}"; this project has: ${all.join(', ')}`);
  }

  const units: UnitReport[] = [];
  for (const environment of wanted) {
    for (const unit of deploymentUnits(project.config, environment)) {
      const service = project.config.services.find((s) => s.name === unit.service)!;
      const secrets = await localSecrets(join(project.root, service.path), environment);
      const findings = evaluateSecurityRules(securityInputForUnit(project.config, unit, { secrets }));
      units.push({
        service: unit.service,
        environment,
        ...(unit.customer ? { customer: unit.customer } : {}),
        blocked: blocksDeployment(findings, environment),
        findings,
      });
    }
  }
  const blocked = units.filter((u) => u.blocked);
  const findingCount = units.reduce((n, u) => n + u.findings.length, 0);
  out.result({ ok: blocked.length === 0, config: project.file, units }, () => {
    out.line(
      `${out.color.green('✓')} ${project.file}: configuration valid (${project.config.services.length} services)`,
    );
    for (const u of units) {
      const where = `${u.service}${u.customer ? `/${u.customer}` : ''} @ ${u.environment}`;
      if (u.findings.length === 0) {
        out.line(`${out.color.green('✓')} ${where}: no security findings`);
        continue;
      }
      out.line(`${u.blocked ? out.color.red('✗') : out.color.yellow('!')} ${where}:`);
      for (const f of u.findings) out.line(`    ${f.severity.padEnd(8)} ${f.message} — ${f.remediation}`);
    }
    out.line(
      blocked.length
        ? out.color.red(`${blocked.length} deployment unit(s) blocked by critical findings`)
        : `${findingCount} finding(s), none blocking`,
    );
  });
  return blocked.length > 0 ? EXIT.failure : EXIT.ok;
}

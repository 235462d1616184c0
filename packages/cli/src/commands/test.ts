import { join, resolve } from 'node:path';
import type { ServiceConfig } from '@clodo/config';
import type { Credentials, SuiteResult } from '@clodo/testers';
import { seconds } from '../deploy/progress.js';
import { CliError, EXIT, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { loadProject, type Project } from '../project/load.js';
import { openTarget } from '../project/target.js';
import { selectEnvironment, selectUnits, unitLabel, unitSecrets } from '../project/units.js';
import { fetchServiceManifest, parseSuite, suiteConfigFor } from '../test-suite/suite-config.js';

interface Subject {
  name: string;
  url: string;
  credentials?: Credentials;
}

/** The credentials a service accepts, from its local secrets: its API key when it has one. */
function credentialsFor(service: ServiceConfig, secrets: Record<string, string>): Credentials | undefined {
  const auth = service.auth;
  if (auth.type === 'api-key' && secrets[auth.secret]) {
    return { apiKey: secrets[auth.secret] as string, apiKeyHeader: auth.header };
  }
  // A JWT service built from the templates also accepts its API key (it trades it for tokens).
  if (auth.type !== 'none' && secrets.API_KEY) return { apiKey: secrets.API_KEY };
  return undefined;
}

async function deployedSubjects(project: Project, ctx: CommandContext): Promise<Subject[]> {
  const { options, io } = ctx;
  const environment = selectEnvironment(project, options.env);
  const units = await selectUnits(project, environment, { service: options.service });
  const deployTo = await openTarget(project, { target: options.target, environment, env: io.env });
  const subjects: Subject[] = [];
  for (const unit of units) {
    const url = (await deployTo.workerUrl(unit.workerName)) ?? unit.url;
    const [latest] = await deployTo.toolkit.api.listDeployments(unit.workerName);
    if (!latest || !url) continue;
    const service = project.config.services.find((s) => s.name === unit.service)!;
    const credentials = credentialsFor(service, await unitSecrets(project, unit));
    subjects.push({ name: unitLabel(unit), url, ...(credentials ? { credentials } : {}) });
  }
  if (subjects.length === 0) {
    throw new CliError(`nothing deployed in ${environment} on ${deployTo.kind}; run \`clodo deploy\` first`);
  }
  return subjects;
}

/** ProductionTester against each deployed unit (or `--url`); the exit code comes from the thresholds. */
export async function run(ctx: CommandContext): Promise<number> {
  const { options, out, io } = ctx;
  const phases = parseSuite(options.suite ?? 'api,auth,database,performance');
  let subjects: Subject[];
  let reportRoot: string;
  if (options.url !== undefined) {
    const raw = String(options.url);
    if (!/^https?:\/\/[^/]+/.test(raw))
      throw new UsageError(`--url must be an http(s) URL (got ${JSON.stringify(raw)})`);
    subjects = [{ name: new URL(raw).host, url: raw }];
    reportRoot = resolve(io.cwd, (options.reportDir as string | undefined) ?? 'reports');
  } else {
    const project = await loadProject(io.cwd, options.config as string | undefined);
    subjects = await deployedSubjects(project, ctx);
    reportRoot = resolve(io.cwd, (options.reportDir as string | undefined) ?? 'reports');
  }
  const { ProductionTester, credentialHeaders } = await import('@clodo/testers');
  const results: { name: string; url: string; result: SuiteResult }[] = [];
  for (const subject of subjects) {
    out.progress(`testing ${subject.name} at ${subject.url}…`);
    const manifest = await fetchServiceManifest(subject.url, credentialHeaders(subject.credentials));
    const config = suiteConfigFor({
      name: `${subject.name} production test`,
      baseUrl: subject.url,
      phases,
      reportDir: join(reportRoot, subject.name.replace(/[^\w.-]/g, '_')),
      ...(subject.credentials ? { credentials: subject.credentials } : {}),
      ...(manifest ? { manifest } : {}),
    });
    const result = await new ProductionTester(config).run();
    results.push({ name: subject.name, url: subject.url, result });
    if (!out.json) {
      const c = out.color;
      const failed = failures(result);
      out.note(
        `  ${result.passed ? c.green('✓') : c.red('✗')} ${subject.name.padEnd(20)} ${phaseSummary(result)}  ${c.dim(seconds(result.durationMs))}`,
      );
      for (const f of failed.slice(0, 5)) out.note(`      ${c.red(f)}`);
    }
  }
  const passed = results.every((r) => r.result.passed);
  const doc = {
    ok: passed,
    phases,
    units: results.map((r) => ({
      name: r.name,
      url: r.url,
      passed: r.result.passed,
      durationMs: r.result.durationMs,
      reports: r.result.reports,
      errors: r.result.errors,
      thresholds: r.result.thresholds,
    })),
  };
  out.result(doc, () => {
    out.line(
      `${passed ? out.color.green('✓') : out.color.red('✗')} ${results.filter((r) => r.result.passed).length}/${results.length} passed`,
    );
    for (const r of results) {
      if (r.result.reports.html) out.line(`  report ${r.name}: ${r.result.reports.html}`);
    }
  });
  return passed ? EXIT.ok : EXIT.failure;
}

function phaseSummary(result: SuiteResult): string {
  const parts: string[] = [];
  if (result.api) parts.push(`api ${result.api.total - result.api.failed}/${result.api.total}`);
  if (result.auth) parts.push(`auth ${result.auth.total - result.auth.failed}/${result.auth.total}`);
  if (result.database) parts.push(`database ${result.database.passed ? 'round trip ok' : 'failed'}`);
  if (result.performance) parts.push(`performance ${result.performance.passed ? 'ok' : 'failed'}`);
  if (result.load)
    parts.push(`load ${result.load.map((l) => `${Math.round(l.throughputPerSec)} req/s`).join(', ')}`);
  return parts.join(' · ');
}

/** One line per failed check or threshold (masked by the testers; no credential values). */
function failures(result: SuiteResult): string[] {
  const lines: string[] = result.errors.map((e) => `${e.phase}: ${e.message}`);
  for (const e of result.api?.endpoints ?? []) {
    if (!e.passed) lines.push(`api ${e.method} ${e.path}: ${e.failures.join('; ')}`);
  }
  for (const c of result.auth?.cases ?? []) {
    if (!c.passed) lines.push(`auth ${c.endpoint} ${c.case}: ${c.failures.join('; ')}`);
  }
  for (const st of result.database?.steps ?? []) {
    if (!st.passed && !st.skipped) lines.push(`database ${st.name}: ${st.failures.join('; ')}`);
  }
  for (const t of result.thresholds) {
    if (!t.passed) lines.push(`threshold ${t.scope} ${t.name}: ${t.actual} (limit ${t.limit})`);
  }
  return lines;
}

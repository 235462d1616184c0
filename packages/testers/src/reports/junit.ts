import type { SuiteResult } from '../suite/result.js';
import { escapeXml } from './svg-charts.js';

interface Case {
  name: string;
  seconds: number;
  failure?: string;
  skipped?: boolean;
}

/** JUnit XML for CI: one testsuite per phase, one testcase per check, run and threshold. */
export function renderJUnitReport(result: SuiteResult): string {
  const suites: Array<{ name: string; cases: Case[] }> = [];
  if (result.api) {
    suites.push({
      name: 'api',
      cases: result.api.endpoints.map((e) => ({
        name: e.name,
        seconds: e.latencyMs / 1000,
        failure: e.passed ? undefined : e.failures.join('\n'),
      })),
    });
  }
  if (result.auth) {
    suites.push({
      name: 'auth',
      cases: result.auth.cases.map((c) => ({
        name: `${c.endpoint} ${c.case} (expects ${c.expected})`,
        seconds: 0,
        failure: c.passed ? undefined : c.failures.join('\n'),
      })),
    });
  }
  if (result.database) {
    const cases: Case[] = result.database.steps.map((s) => ({
      name: s.name,
      seconds: s.latencyMs / 1000,
      skipped: s.skipped,
      failure: s.passed || s.skipped ? undefined : s.failures.join('\n'),
    }));
    if (result.database.cleanup.needed) {
      cases.push({
        name: 'cleanup',
        seconds: 0,
        failure: result.database.cleanup.succeeded
          ? undefined
          : `cleanup DELETE answered ${result.database.cleanup.status}`,
      });
    }
    suites.push({ name: 'database', cases });
  }
  if (result.performance) {
    suites.push({
      name: 'performance',
      cases: result.performance.endpoints.map((e) => ({
        name: e.name,
        seconds: (e.latency.mean * e.samples) / 1000,
        failure: e.passed
          ? undefined
          : e.thresholds
              .filter((t) => !t.passed)
              .map((t) => `${t.name}: ${t.actual} > ${t.limit}`)
              .join('\n'),
      })),
    });
  }
  if (result.load) {
    suites.push({
      name: 'load',
      cases: result.load.map((run) => ({
        name: `${run.label} (${run.model}, ${run.requests.completed} responses, ${run.throughputPerSec}/s, p99 ${run.latency.p99} ms)`,
        seconds: run.elapsedMs / 1000,
        failure: run.aborted ? 'aborted' : undefined,
      })),
    });
  }
  suites.push({
    name: 'thresholds',
    cases: result.thresholds.map((t) => ({
      name: `${t.scope} ${t.name}`,
      seconds: 0,
      failure: t.passed ? undefined : `${t.name}: actual ${t.actual}, limit ${t.limit}`,
    })),
  });
  if (result.errors.length > 0) {
    suites.push({
      name: 'errors',
      cases: result.errors.map((e) => ({
        name: `${e.phase} could not run`,
        seconds: 0,
        failure: `${e.code}: ${e.message}`,
      })),
    });
  }

  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure !== undefined).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(result.name)}" tests="${total}" failures="${failures}" time="${(result.durationMs / 1000).toFixed(3)}">`,
  ];
  for (const suite of suites) {
    const f = suite.cases.filter((c) => c.failure !== undefined).length;
    const s = suite.cases.filter((c) => c.skipped).length;
    lines.push(
      `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${f}" skipped="${s}" timestamp="${result.startedAt}">`,
    );
    for (const c of suite.cases) {
      const open = `    <testcase classname="clodo.${escapeXml(suite.name)}" name="${escapeXml(c.name)}" time="${c.seconds.toFixed(3)}"`;
      if (c.failure !== undefined) {
        const first = c.failure.split('\n')[0] ?? '';
        lines.push(
          `${open}>`,
          `      <failure message="${escapeXml(first)}">${escapeXml(c.failure)}</failure>`,
          '    </testcase>',
        );
      } else if (c.skipped) {
        lines.push(`${open}>`, '      <skipped/>', '    </testcase>');
      } else {
        lines.push(`${open}/>`);
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

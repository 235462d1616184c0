import type { LoadResult } from '../load/load-tester.js';
import type { PerformanceResult } from '../performance/performance-tester.js';
import type { PercentilePoint } from '../stats/latency.js';
import type { SuiteResult } from '../suite/result.js';
import { barChart, escapeXml as esc, fmt, lineChart, type Series } from './svg-charts.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

/** One self-contained page: inline CSS and SVG, no script or network needed to read it. */
export function renderHtmlReport(result: SuiteResult): string {
  const parts: string[] = [];
  parts.push(`<header><h1>${esc(result.name)}</h1>
<p class="badge ${result.passed ? 'pass' : 'fail'}">${result.passed ? 'PASSED' : 'FAILED'} · exit code ${result.exitCode}</p>
<p>${esc(result.target)} · started ${esc(result.startedAt)} · ${fmt(result.durationMs / 1000)} s</p></header>`);
  parts.push(
    section(
      'Thresholds',
      table(
        ['scope', 'limit', 'actual', 'result'],
        result.thresholds.map((t) => [
          `${t.scope} ${t.name}`,
          String(t.limit),
          String(t.actual),
          status(t.passed),
        ]),
      ),
    ),
  );
  if (result.errors.length > 0) {
    parts.push(
      section(
        'Phases that could not run',
        table(
          ['phase', 'code', 'message'],
          result.errors.map((e) => [e.phase, e.code, e.message]),
        ),
      ),
    );
  }
  for (const run of result.load ?? []) parts.push(loadSection(run));
  if (result.performance) parts.push(performanceSection(result.performance));
  if (result.api) {
    parts.push(
      section(
        `API checks (${result.api.total - result.api.failed}/${result.api.total} passed)`,
        table(
          ['endpoint', 'status', 'content type', 'ms', 'result'],
          result.api.endpoints.map((e) => [
            e.name,
            String(e.status ?? '—'),
            e.contentType ?? '—',
            fmt(e.latencyMs),
            status(e.passed, e.failures),
          ]),
        ),
      ),
    );
  }
  if (result.auth) {
    parts.push(
      section(
        `Auth checks (${result.auth.total - result.auth.failed}/${result.auth.total} passed)`,
        table(
          ['endpoint', 'case', 'expected', 'status', 'result'],
          result.auth.cases.map((c) => [
            c.endpoint,
            c.case,
            c.expected,
            String(c.status ?? '—'),
            status(c.passed, c.failures),
          ]),
        ),
      ),
    );
  }
  if (result.database) {
    const db = result.database;
    const rows = db.steps.map((s) => [
      s.name,
      String(s.status ?? '—'),
      fmt(s.latencyMs),
      s.skipped ? 'skipped' : status(s.passed, s.failures),
    ]);
    if (db.cleanup.needed)
      rows.push(['cleanup', String(db.cleanup.status ?? '—'), '', status(db.cleanup.succeeded)]);
    parts.push(
      section(
        `Database round trip on ${esc(db.resource)} (count ${db.countBefore ?? '?'} → ${db.countAfter ?? '?'})`,
        table(['step', 'status', 'ms', 'result'], rows),
      ),
    );
  }
  const data = JSON.stringify(result).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(result.name)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#111}
h1{margin:0 0 4px}h2{margin:28px 0 8px;font-size:18px}
.badge{display:inline-block;padding:2px 10px;border-radius:4px;font-weight:700;color:#fff}.pass{background:#16a34a}.fail{background:#dc2626}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
td.ok{color:#166534}td.bad{color:#b91c1c}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.card{border:1px solid #e5e7eb;border-radius:6px;padding:6px 12px;min-width:110px}
.card b{display:block;font-size:18px}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #e5e7eb;border-radius:6px;background:#fff}
</style></head><body>
${parts.join('\n')}
<script type="application/json" id="clodo-report-data">${data}</script>
</body></html>
`;
}

function loadSection(run: LoadResult): string {
  const cards = [
    [
      'model',
      run.model === 'open'
        ? `open, ${run.settings.ratePerSec}/s`
        : `closed, ${run.settings.connections}×${run.settings.pipelining}`,
    ],
    ['responses', String(run.requests.completed)],
    ['throughput', `${fmt(run.throughputPerSec)}/s`],
    ['error rate', `${fmt(run.errorRate * 100)} %`],
    ['p50', `${fmt(run.latency.p50)} ms`],
    ['p95', `${fmt(run.latency.p95)} ms`],
    ['p99', `${fmt(run.latency.p99)} ms`],
    ['max', `${fmt(run.latency.max)} ms`],
    [
      'status mix',
      Object.entries({ ...run.statusCodes, ...run.failures })
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || '—',
    ],
  ];
  const histogram = barChart(
    { title: 'Latency histogram', xLabel: 'latency (ms)', yLabel: 'responses' },
    run.histogram.map((b) => ({ x0: b.fromMs, x1: b.toMs, y: b.count })),
    COLORS[0] as string,
    'latency-histogram',
  );
  const curve = lineChart(
    {
      title: 'Latency by percentile',
      xLabel: 'percentile',
      yLabel: 'latency (ms)',
      xTick: percentileTick,
      xTicks: PERCENTILE_TICKS,
    },
    [
      {
        label: run.model === 'open' ? 'from intended send' : 'latency',
        color: COLORS[0] as string,
        points: curvePoints(run.percentileCurve),
      },
    ],
    'percentile-curve',
  );
  const overTime = lineChart(
    { title: 'Throughput and errors over time', xLabel: 'time (s)', yLabel: 'per second' },
    [
      {
        label: 'responses/s',
        color: COLORS[2] as string,
        points: run.timeline.map((p) => ({ x: p.atMs / 1000, y: p.ratePerSec })),
      },
      {
        label: 'errors/s',
        color: COLORS[1] as string,
        points: run.timeline.map((p) => ({
          x: p.atMs / 1000,
          y: p.completed === 0 ? 0 : (p.errors / p.completed) * p.ratePerSec,
        })),
      },
    ],
    'throughput-timeline',
  );
  const body = `<div class="cards">${cards.map(([k, v]) => `<div class="card">${esc(k as string)}<b>${esc(v as string)}</b></div>`).join('')}</div>
<div class="charts">${histogram}${curve}${overTime}</div>`;
  return section(`Load: ${esc(run.label)}${run.aborted ? ' (aborted)' : ''}`, body);
}

function performanceSection(perf: PerformanceResult): string {
  const series: Series[] = perf.endpoints.map((e, i) => ({
    label: e.name.slice(0, 24),
    color: COLORS[i % COLORS.length] as string,
    points: curvePoints(e.percentileCurve),
  }));
  const chart = lineChart(
    {
      title: 'Sequential latency by percentile',
      xLabel: 'percentile',
      yLabel: 'latency (ms)',
      xTick: percentileTick,
      xTicks: PERCENTILE_TICKS,
      width: 720,
    },
    series,
    'performance-percentiles',
  );
  const rows = perf.endpoints.map((e) => [
    e.name,
    String(e.samples),
    fmt(e.latency.p50),
    fmt(e.latency.p90),
    fmt(e.latency.p95),
    fmt(e.latency.p99),
    fmt(e.latency.max),
    status(
      e.passed,
      e.thresholds.filter((t) => !t.passed).map((t) => `${t.name} ${t.actual} > ${t.limit}`),
    ),
  ]);
  return section(
    'Performance',
    `<div class="charts">${chart}</div>${table(['endpoint', 'samples', 'p50', 'p90', 'p95', 'p99', 'max', 'result'], rows)}`,
  );
}

/** Spreads the tail: x = log10(1 / (1 - p)), so 90, 99 and 99.9 are evenly spaced. */
function curvePoints(curve: PercentilePoint[]): Array<{ x: number; y: number }> {
  return curve.map((p) => ({ x: Math.log10(1 / Math.max(1e-5, 1 - p.percentile / 100)), y: p.ms }));
}

/** 0, 90, 99, 99.9, 99.99, 99.999 on the log(1 / (1 - p)) axis. */
const PERCENTILE_TICKS = [0, 1, 2, 3, 4, 5];

function percentileTick(x: number): string {
  const p = 100 * (1 - 10 ** -x);
  return `${Number(p.toFixed(Math.max(0, Math.round(x) - 2)))}%`;
}

function section(title: string, body: string): string {
  return `<section><h2>${title}</h2>${body}</section>`;
}

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => (c.startsWith('<td') ? c : `<td>${esc(c)}</td>`)).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function status(passed: boolean, failures: string[] = []): string {
  return passed
    ? '<td class="ok">pass</td>'
    : `<td class="bad">fail${failures.length ? `: ${esc(failures.join('; '))}` : ''}</td>`;
}

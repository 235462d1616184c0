import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHMARKS } from './benchmarks/index.ts';
import type { BenchContext, BenchResult } from './types.ts';

export type { Benchmark, BenchContext, BenchResult } from './types.ts';

export { BENCHMARKS } from './benchmarks/index.ts';

export interface RunOptions {
  root: string;
  smoke?: boolean;
  only?: string[];
  log?: (message: string) => void;
}

export interface BenchRun {
  smoke: boolean;
  startedAt: string;
  results: BenchResult[];
  failures: { benchmark: string; error: string }[];
}

/** Runs the selected benchmarks in order and writes `tools/bench/results/latest.json`. */
export async function runBenchmarks(options: RunOptions): Promise<BenchRun> {
  const unknown = (options.only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; valid: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  }
  const selected = options.only?.length
    ? BENCHMARKS.filter((b) => options.only!.includes(b.name))
    : BENCHMARKS;
  const ctx: BenchContext = {
    root: options.root,
    smoke: options.smoke ?? false,
    log: options.log ?? (() => {}),
  };
  const run: BenchRun = { smoke: ctx.smoke, startedAt: new Date().toISOString(), results: [], failures: [] };
  for (const bench of selected) {
    ctx.log(`${bench.name}: ${bench.description}`);
    try {
      run.results.push(...(await bench.run(ctx)));
    } catch (error) {
      run.failures.push({ benchmark: bench.name, error: (error as Error).message });
    }
  }
  const dir = join(options.root, 'tools/bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
  return run;
}

function fmt(value: number, unit: string): string {
  if (unit === 'ms') return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
  if (unit === 'bytes') return `${(value / 1024).toFixed(1)} KiB`;
  return `${value.toFixed(value >= 100 ? 0 : 2)} ${unit}`;
}

function verdict(r: BenchResult): string {
  if (r.informational) return 'info';
  return r.pass ? 'pass' : 'FAIL';
}

/** A missed target or a benchmark that could not run; informational rows never count. */
export function runFailed(run: BenchRun): boolean {
  return run.failures.length > 0 || run.results.some((r) => !r.pass && !r.informational);
}

export function markdownTable(run: BenchRun): string {
  const rows = [
    '| benchmark | target | measured | baseline | ratio | result |',
    '|---|---|---|---|---|---|',
    ...run.results.map(
      (r) =>
        `| ${r.name} | ${r.target} | ${fmt(r.measured, r.unit)} | ${fmt(r.baseline, r.unit)} | ${r.ratio.toFixed(2)}× | ${verdict(r)} |`,
    ),
    ...run.failures.map(
      (f) => `| ${f.benchmark} | — | error: ${f.error.replace(/\|/g, '\\|')} | — | — | ERROR |`,
    ),
  ];
  return rows.join('\n');
}

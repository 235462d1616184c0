#!/usr/bin/env node
import { join } from 'node:path';
import { BENCHMARKS, markdownTable, runBenchmarks, runFailed } from './index.ts';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: pnpm bench [--smoke] [name…]

Runs the measured targets of PRODUCT §10 and prints a markdown table; writes tools/bench/results/latest.json.
  --smoke   run each benchmark for about a second (what pnpm test does)

Benchmarks:
${BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}`).join('\n')}`);
  process.exit(0);
}
const bad = args.filter((a) => a.startsWith('-') && a !== '--smoke');
if (bad.length > 0) {
  console.error(`error: unknown option ${bad[0]} (see pnpm bench --help)`);
  process.exit(2);
}
const root = join(import.meta.dirname, '../../..');
try {
  const run = await runBenchmarks({
    root,
    smoke: args.includes('--smoke'),
    only: args.filter((a) => !a.startsWith('-')),
    log: (m) => process.stderr.write(`› ${m}\n`),
  });
  console.log(markdownTable(run));
  process.exitCode = runFailed(run) ? 1 : 0;
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exitCode = 2;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeOnce } from '../process-timing.ts';
import { type BenchContext, type Benchmark, type BenchResult, result } from '../types.ts';

/** PRODUCT §10: the old package's babel build, without types, on a 2-core project machine. */
const OLD_BABEL_BUILD_MS = 22_600;
const WARM_LIMIT_MS = 2_000;

interface Base {
  file: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Cold `turbo run build --force` (every .d.ts included) and a warm, fully cached `turbo run build`. */
export const build: Benchmark = {
  name: 'build',
  description: 'full build: cold (forced) vs the old babel build; warm (cached) vs 2 s',
  async run(ctx) {
    const base: Base = {
      file: join(ctx.root, 'node_modules/.bin/turbo'),
      cwd: ctx.root,
      env: {
        ...process.env,
        PATH: `${join(ctx.root, 'node_modules/.bin')}:${process.env.PATH}`,
        TURBO_TELEMETRY_DISABLED: '1',
      },
    };
    if (ctx.smoke) return smoke(ctx, base);
    ctx.log('cold build (turbo --force)…');
    const cold = timeOnce({
      ...base,
      label: 'cold build',
      args: ['run', 'build', '--force', '--output-logs=errors-only'],
    });
    ctx.log('warm build (cached)…');
    timeOnce({ ...base, label: 'warm build', args: ['run', 'build', '--output-logs=errors-only'] });
    const warm = timeOnce({
      ...base,
      label: 'warm build',
      args: ['run', 'build', '--output-logs=errors-only'],
    });
    return [
      result({
        name: 'full build, cold, with .d.ts',
        target: '≤ old babel build (22.6 s)',
        measured: cold,
        baseline: OLD_BABEL_BUILD_MS,
        unit: 'ms',
        limit: 1,
        direction: 'max',
        notes: 'baseline is the figure PRODUCT §10 records for the old package, not re-measured',
      }),
      result({
        name: 'full build, warm turbo cache',
        target: '≤ 2 s',
        measured: warm,
        baseline: WARM_LIMIT_MS,
        unit: 'ms',
        limit: 1,
        direction: 'max',
      }),
    ];
  },
};

/**
 * Smoke mode runs inside `pnpm test`, beside tasks that read the packages' dist/: it must not rewrite
 * them. It builds one package cold into a temporary directory and times turbo's hashing of the graph.
 */
function smoke(ctx: BenchContext, base: Base): BenchResult[] {
  const out = mkdtempSync(join(tmpdir(), 'clodo-bench-build-'));
  try {
    const cold = timeOnce({
      label: 'tsup @clodo/config',
      file: join(ctx.root, 'node_modules/.bin/tsup'),
      args: ['--out-dir', out],
      cwd: join(ctx.root, 'packages/config'),
      env: base.env,
    });
    const hash = timeOnce({ ...base, label: 'turbo dry run', args: ['run', 'build', '--dry-run=json'] });
    return [
      result({
        name: 'cold build of @clodo/config (smoke)',
        target: 'smoke',
        measured: cold,
        baseline: OLD_BABEL_BUILD_MS,
        unit: 'ms',
        limit: 1,
        direction: 'max',
      }),
      result({
        name: 'turbo graph hashing (smoke)',
        target: 'smoke',
        measured: hash,
        baseline: WARM_LIMIT_MS,
        unit: 'ms',
        limit: 1,
        direction: 'max',
      }),
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

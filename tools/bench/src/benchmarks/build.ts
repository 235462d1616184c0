import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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
    const { ms: cold, split } = coldBuild(base);
    ctx.log(`  ${split}`);
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
        notes: `baseline is the figure PRODUCT §10 records for the old package, not re-measured; ${split}`,
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
 * The cold build with the build logs kept, so its time can be split: tsup reports how long each
 * package's JavaScript (esbuild) build took, clodo-dts (tools/dts) its declaration (.d.ts) emit.
 */
function coldBuild(base: Base): { ms: number; split: string } {
  const start = performance.now();
  const res = spawnSync(base.file, ['run', 'build', '--force', '--output-logs=full', '--log-prefix=task'], {
    cwd: base.cwd,
    env: { ...base.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  const out = `${res.stdout}\n${res.stderr}`;
  if (res.status !== 0) {
    throw new Error(`cold build exited ${res.status}: ${out.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return { ms, split: describeSplit(out) };
}

/** `tsup JS 3.1 s, .d.ts 9.2 s summed over 9 packages (slowest .d.ts: config 1.8 s)` from the build's log lines. */
export function describeSplit(log: string): string {
  const sums = { ESM: 0, DTS: 0 };
  const dts = new Map<string, number>();
  for (const m of log.matchAll(/^(@[\w-]+\/[\w-]+):build: (ESM|DTS) \S+ Build success in (\d+)ms/gm)) {
    const [, pkg, kind, msText] = m as unknown as [string, string, 'ESM' | 'DTS', string];
    sums[kind] += Number(msText);
    if (kind === 'DTS') dts.set(pkg, (dts.get(pkg) ?? 0) + Number(msText));
  }
  if (dts.size === 0) return 'tsup timings not found in the build log';
  const [slowest, slowestMs] = [...dts].sort((a, b) => b[1] - a[1])[0]!;
  const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
  return `tsup JS ${s(sums.ESM)}, .d.ts ${s(sums.DTS)} summed over ${dts.size} packages (slowest .d.ts: ${slowest} ${s(slowestMs)})`;
}

/**
 * Smoke mode runs inside `pnpm test`, beside tasks that read the packages' dist/: it must not rewrite
 * them. It builds one package cold (JS and .d.ts, as its build script does) into a temporary directory
 * and times turbo's hashing of the graph.
 */
function smoke(ctx: BenchContext, base: Base): BenchResult[] {
  const out = mkdtempSync(join(tmpdir(), 'clodo-bench-build-'));
  try {
    const pkg = join(ctx.root, 'packages/config');
    const js = timeOnce({
      label: 'tsup @clodo/config',
      file: join(ctx.root, 'node_modules/.bin/tsup'),
      args: ['--out-dir', out],
      cwd: pkg,
      env: base.env,
    });
    const dts = timeOnce({
      label: 'clodo-dts @clodo/config',
      file: join(ctx.root, 'node_modules/.bin/clodo-dts'),
      args: ['--out-dir', out],
      cwd: pkg,
      env: base.env,
    });
    const cold = js + dts;
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

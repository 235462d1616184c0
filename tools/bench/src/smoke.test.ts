import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS, type BenchRun, markdownTable, runBenchmarks, runFailed } from './index.ts';
import { result } from './types.ts';

const root = join(import.meta.dirname, '../../..');

describe('pnpm bench --smoke', () => {
  it('runs every benchmark briefly and produces a result for each target', async () => {
    const run = await runBenchmarks({ root, smoke: true });
    expect(run.failures).toEqual([]);
    for (const r of run.results) {
      expect(r.measured, r.name).toBeGreaterThan(0);
      expect(r.baseline, r.name).toBeGreaterThan(0);
      expect(r.ratio).toBeCloseTo(r.measured / r.baseline);
    }
    expect(new Set(run.results.map((r) => r.name)).size).toBe(run.results.length);
    expect(markdownTable(run).split('\n')).toHaveLength(run.results.length + 2);
  }, 300_000);

  it('rejects an unknown benchmark by name, listing the valid ones', async () => {
    await expect(runBenchmarks({ root, smoke: true, only: ['nope'] })).rejects.toThrow(
      `unknown benchmark "nope"; valid: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  });

  it('shows informational rows as info and fails a run only on a missed target', () => {
    const row = (name: string, measured: number, informational?: boolean) =>
      result({
        name,
        target: '≥ 1.0×',
        measured,
        baseline: 100,
        unit: 'req/s',
        limit: 1,
        direction: 'min',
        ...(informational ? { informational } : {}),
      });
    const run: BenchRun = {
      smoke: true,
      startedAt: new Date(0).toISOString(),
      results: [row('beside', 90, true), row('target', 110)],
      failures: [],
    };
    expect(runFailed(run)).toBe(false);
    expect(markdownTable(run)).toContain('| beside | ≥ 1.0× | 90.00 req/s | 100 req/s | 0.90× | info |');
    run.results.push(row('missed', 90));
    expect(runFailed(run)).toBe(true);
    expect(markdownTable(run)).toContain('| missed | ≥ 1.0× | 90.00 req/s | 100 req/s | 0.90× | FAIL |');
  });
});

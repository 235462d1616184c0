import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS, markdownTable, runBenchmarks } from './index.ts';

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
});

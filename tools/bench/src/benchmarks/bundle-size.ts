import { withBenchProjects } from '../data-service/projects.ts';
import { type Benchmark, result } from '../types.ts';

const LIMIT_BYTES = 64 * 1024;

/** gzip size of the generated data service as `wrangler deploy --dry-run --outdir` writes it. */
export const bundleSize: Benchmark = {
  name: 'bundle',
  description: 'gzip size of the generated data service worker (wrangler dry run) vs 64 KiB',
  async run(ctx) {
    ctx.log('bundling the generated data service with wrangler deploy --dry-run…');
    const { generated, handWritten } = await withBenchProjects(ctx.root, async (p) => p);
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    return [
      result({
        name: 'generated worker bundle, gzip',
        target: '≤ 64 KiB',
        measured: generated.gzipBytes,
        baseline: LIMIT_BYTES,
        unit: 'bytes',
        limit: 1,
        direction: 'max',
        notes: `${kib(generated.bytes)} before gzip; the hand-written Hono + D1 worker is ${kib(handWritten.gzipBytes)} gzip`,
      }),
    ];
  },
};

import { join } from 'node:path';
import { alternate } from '../process-timing.ts';
import { median } from '../stats.ts';
import { type Benchmark, result } from '../types.ts';

/** `clodo --help` and `clodo --version` against a bare `node -e 0` start, alternating, same run. */
export const cliStartup: Benchmark = {
  name: 'cli',
  description: 'clodo --help / --version start time vs node -e 0',
  async run(ctx) {
    const bin = join(ctx.root, 'packages/cli/dist/bin.js');
    const node = process.execPath;
    const env = { ...process.env, NO_COLOR: '1' };
    const runs = ctx.smoke ? 3 : 30;
    const [bare, help, version] = alternate(
      [
        { label: 'node -e 0', file: node, args: ['-e', '0'], env },
        { label: 'clodo --help', file: node, args: [bin, '--help'], env },
        { label: 'clodo --version', file: node, args: [bin, '--version'], env },
      ],
      runs,
      ctx.smoke ? 1 : 3,
    ) as [number[], number[], number[]];
    const baseline = median(bare);
    return [
      result({
        name: 'clodo --help',
        target: '≤ 2× node -e 0',
        measured: median(help),
        baseline,
        unit: 'ms',
        limit: 2,
        direction: 'max',
      }),
      result({
        name: 'clodo --version',
        target: '≤ 2× node -e 0',
        measured: median(version),
        baseline,
        unit: 'ms',
        limit: 2,
        direction: 'max',
      }),
    ];
  },
};

import type { Options } from 'tsup';

// Declarations come from `clodo-dts` (tools/dts), run after tsup by the build script.
const config: Options = {
  entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
  format: ['esm'],
  target: 'node22',
  sourcemap: true,
  clean: true,
};

export default config;

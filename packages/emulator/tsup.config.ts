import type { Options } from 'tsup';

// Declarations come from `clodo-dts` (tools/dts), run after tsup by the build script.
const config: Options = {
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  target: 'node22',
  sourcemap: true,
  clean: true,
  splitting: true,
};

export default config;

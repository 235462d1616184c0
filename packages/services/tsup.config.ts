import type { Options } from 'tsup';

// Declarations come from `clodo-dts` (tools/dts), run after tsup by the build script.
const config: Options = {
  // `index` is worker-safe; `migrations` touches the file system and is for Node tools only.
  entry: { index: 'src/index.ts', migrations: 'src/migrations/generate.ts' },
  format: ['esm'],
  target: 'node22',
  sourcemap: true,
  clean: true,
};

export default config;

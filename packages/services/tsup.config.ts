import { defineConfig } from 'tsup';

export default defineConfig({
  // `index` is worker-safe; `migrations` touches the file system and is for Node tools only.
  entry: { index: 'src/index.ts', migrations: 'src/migrations/generate.ts' },
  format: ['esm'],
  target: 'node22',
  dts: true,
  sourcemap: true,
  clean: true,
});

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    loader: 'src/loader.ts',
    wrangler: 'src/wrangler.ts',
    discovery: 'src/discovery.ts',
    customers: 'src/customers.ts',
  },
  format: ['esm'],
  target: 'node22',
  dts: true,
  sourcemap: true,
  clean: true,
});

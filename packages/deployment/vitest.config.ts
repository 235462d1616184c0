import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  test: {
    // Real wrangler starts take 1.5-5 s on a busy 2-core machine; the end-to-end run takes longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default config;

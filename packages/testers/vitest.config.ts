import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  test: {
    // The suites measure latency; running files one at a time keeps them from skewing each other.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});

export default config;

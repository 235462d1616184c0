import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  test: {
    // Fake-backed tests take milliseconds alone, but share two cores with real wrangler runs.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default config;

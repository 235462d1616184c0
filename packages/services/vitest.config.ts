import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  test: {
    // Most files start workerd; on a busy 2-core machine a start or a D1 round trip can take seconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

export default config;

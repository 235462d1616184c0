import { defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  test: {
    // Several tests start real processes (git, wrangler, workerd); on a shared, busy machine the
    // default 5 s is too tight for them.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default config;

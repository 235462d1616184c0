import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config';

const config: ViteUserConfig = defineConfig({
  test: {
    // Projects scaffolded by the tests have test files of their own; those run inside the tests that
    // made them, never as part of this suite.
    exclude: [...configDefaults.exclude, '.test-projects/**'],
  },
});

export default config;

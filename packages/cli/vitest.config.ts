import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Projects scaffolded by the tests have test files of their own; those run inside the tests that
    // made them, never as part of this suite.
    exclude: [...configDefaults.exclude, '.test-projects/**'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The suites measure latency; running files one at a time keeps them from skewing each other.
    fileParallelism: false,
    testTimeout: 30_000,
  },
});

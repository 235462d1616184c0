import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['src/global-setup.ts'],
    // Packing and installing happen once in the global setup, before any file starts.
    hookTimeout: 900_000,
  },
});

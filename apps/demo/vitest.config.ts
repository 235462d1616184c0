import { defineConfig } from 'vitest/config';

// Only the demo's own test: the scaffolded services under services/ carry their own suites.
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });

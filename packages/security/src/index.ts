// Public API of @clodo/security (Node). The worker-safe primitives are re-exported for tools and tests.
export * from './worker.js';

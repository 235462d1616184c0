// Old config helpers (file discovery and loading) live in @clodo/config/loader.
export * from '@clodo/config/loader';

// Public API of @clodo/orchestration. Filled by its own issue; nothing is exported until it is real.
export {};

// Public API of @clodo/cli. Filled by its own issue; nothing is exported until it is real.
export {};

// Public API of @clodo/deployment. Filled by its own issue; nothing is exported until it is real.
export {};

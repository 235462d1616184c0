// Public API of @clodo/security. Filled by its own issue; nothing is exported until it is real.
export {};

// Public API of @clodo/services. Filled by its own issue; nothing is exported until it is real.
export {};

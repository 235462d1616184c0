// Public API of @clodo/config. Filled by its own issue; nothing is exported until it is real.
export {};

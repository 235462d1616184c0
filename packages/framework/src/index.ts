// Public API of @clodo/framework. Filled by its own issue; nothing is exported until it is real.
export {};

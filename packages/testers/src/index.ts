// Public API of @clodo/testers. Filled by its own issue; nothing is exported until it is real.
export {};

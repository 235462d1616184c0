// Public API of @clodo/emulator. Filled by its own issue; nothing is exported until it is real.
export {};

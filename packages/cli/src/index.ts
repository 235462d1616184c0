export { CliError, EXIT, UsageError } from './errors.js';
export { type Io, Output } from './output.js';
export { buildProgram, type CommandContext, main } from './program.js';

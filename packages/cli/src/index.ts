export { CliError, EXIT, UsageError } from './errors.js';
export { type Io, Output } from './output.js';
export { buildProgram, type CommandContext, main } from './program.js';
export { type Project, loadProject } from './project/load.js';
export {
  EMULATOR_STATE_DIR,
  type OpenTargetOptions,
  openTarget,
  type ProjectTarget,
  parseTargetKind,
  TARGET_KINDS,
  type TargetKind,
  type UnitWrangler,
  WRANGLER_CONFIG_DIR,
  writeUnitWranglerConfig,
} from './project/target.js';

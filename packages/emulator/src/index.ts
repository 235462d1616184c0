// Public API of @clodo/emulator.
export { CF_CODES } from './api/envelope.js';
export { EMULATOR_ERRORS, EmulatorError, type EmulatorErrorCode } from './errors.js';
export type { VersionTraffic } from './runtime/traffic-log.js';
export type { RunningWorker } from './runtime/worker-runtime.js';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_API_TOKEN,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from './server/emulator.js';
export type { RequestLogEntry } from './server/request-log.js';
export {
  type DaemonInfo,
  type DaemonStatus,
  daemonStatus,
  type StartDaemonOptions,
  startDaemon,
  stopDaemon,
} from './daemon/daemon.js';

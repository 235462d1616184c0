// Node entry of @clodo/config: loading config files and reading the API token from the environment.
export { resolveApiToken } from './loader/api-token.js';
export { CONFIG_FILE_NAMES, findConfigFile } from './loader/config-files.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './loader/load-config.js';

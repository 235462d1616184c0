import type { ClodoConfigInput } from './model/config-schema.js';
import type { ClodoConfig } from './model/types.js';
import { parseConfig } from './validate/validate-config.js';

/**
 * Declares a project's configuration in `clodo.config.ts`. Validates at once (throwing a
 * `ConfigError` that lists every problem) and returns the normalized, frozen config.
 */
export function defineConfig(input: ClodoConfigInput): ClodoConfig {
  return parseConfig(input);
}

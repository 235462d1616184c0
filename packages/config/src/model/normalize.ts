import type { ParsedConfig } from './config-schema.js';
import { deepFreeze } from './freeze.js';
import type { ClodoConfig, EnvironmentConfig } from './types.js';

/** Development runs on the emulator unless told otherwise; every other environment on Cloudflare. */
export function defaultTarget(environment: string): 'local' | 'cloudflare' {
  return environment === 'development' ? 'local' : 'cloudflare';
}

/** Fills derived defaults (environment names and targets) and freezes the result. */
export function normalizeConfig(parsed: ParsedConfig): ClodoConfig {
  const environments: Record<string, EnvironmentConfig> = {};
  for (const [name, env] of Object.entries(parsed.environments)) {
    environments[name] = { ...env, name, target: env.target ?? defaultTarget(name) };
  }
  return deepFreeze({ ...parsed, environments } as ClodoConfig);
}

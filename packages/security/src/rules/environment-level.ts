import { SecurityError, SecurityErrorCode } from '../errors.js';

/** How strictly an environment is judged; production is the strictest. */
export type EnvironmentLevel = 'development' | 'staging' | 'production';

const LEVELS: readonly EnvironmentLevel[] = ['development', 'staging', 'production'];
const BY_NAME: Record<string, EnvironmentLevel> = {
  production: 'production',
  prod: 'production',
  live: 'production',
  staging: 'staging',
  stage: 'staging',
  development: 'development',
  dev: 'development',
  local: 'development',
  test: 'development',
};

/**
 * The level of an environment: an explicit `level` wins; otherwise known names map to their level and
 * any other (custom) environment is judged as staging, since it is deployed but not named production.
 */
export function environmentLevel(environment: string, level?: EnvironmentLevel): EnvironmentLevel {
  if (level !== undefined) {
    if (!LEVELS.includes(level)) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        `level must be one of ${LEVELS.join(', ')} (found "${String(level)}")`,
      );
    }
    return level;
  }
  if (typeof environment !== 'string' || environment.length === 0) {
    throw new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, 'environment must be a non-empty string');
  }
  return BY_NAME[environment.toLowerCase()] ?? 'staging';
}

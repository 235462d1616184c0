import { ConfigError, ConfigErrorCode } from '../errors.js';
import type { ClodoConfig } from '../model/types.js';

/**
 * Reads the Cloudflare API token from the environment variable the config names. The caller passes
 * the environment in (usually `process.env` at the CLI edge). Errors name the variable, never a value.
 */
export function resolveApiToken(
  config: Pick<ClodoConfig, 'account'>,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const name = config?.account?.apiTokenEnv;
  if (typeof name !== 'string' || name.length === 0) {
    throw new ConfigError(
      ConfigErrorCode.INVALID_ARGUMENT,
      [
        {
          path: 'account.apiTokenEnv',
          message: 'is not set in the config',
          hint: 'load the config with loadConfig() first',
        },
      ],
      'Invalid argument',
    );
  }
  const value = env?.[name];
  if (value === undefined || value.trim().length === 0) {
    throw new ConfigError(
      ConfigErrorCode.API_TOKEN_MISSING,
      [
        {
          path: 'account.apiTokenEnv',
          message: `environment variable ${name} is ${value === undefined ? 'not set' : 'empty'}`,
          hint: `set ${name} to a Cloudflare API token (create one at dash.cloudflare.com/profile/api-tokens)`,
        },
      ],
      'API token missing',
    );
  }
  return value.trim();
}

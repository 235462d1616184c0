import { type ClodoConfig, serviceUrl, type UnitRef } from '@clodo/config';
import { unitVars } from '@clodo/config/customers';
import type { EnvironmentLevel } from './environment-level.js';
import type { SecurityRuleInput } from './evaluate.js';

export interface UnitSecurityOptions {
  /** Secret values for the unit by name, as the deployment will set them. */
  secrets?: Record<string, string | null | undefined>;
  /** Feature switches to judge along with the vars. */
  flags?: Record<string, unknown>;
  /** Level for a custom environment (default: from its name). */
  level?: EnvironmentLevel;
}

/**
 * The rule input for one deployment unit (service × environment × customer) of a validated config:
 * its merged plain vars, its public URL and JWKS URL, and its secrets. A secret the service's auth names
 * but `secrets` lacks is included as missing, so it is reported before a deploy rather than as a 401 after.
 */
export function securityInputForUnit(
  config: ClodoConfig,
  unit: UnitRef,
  options: UnitSecurityOptions = {},
): SecurityRuleInput {
  const vars = unitVars(config, unit);
  const service = config.services.find((s) => s.name === unit.service)!;
  const urls: Record<string, string | undefined> = { service: serviceUrl(config, unit) };
  const secrets: Record<string, string | null | undefined> = { ...options.secrets };
  const auth = service.auth;
  if (auth.type === 'jwt' && auth.jwksUrl) urls.jwks = auth.jwksUrl;
  const authSecret = auth.type === 'none' ? undefined : auth.secret;
  if (authSecret !== undefined && !Object.hasOwn(secrets, authSecret)) secrets[authSecret] = undefined;
  const input: SecurityRuleInput = {
    environment: unit.environment,
    vars,
    secrets,
    urls,
    basePath: `${unit.service}@${unit.environment}${unit.customer ? `/${unit.customer}` : ''}`,
  };
  if (options.flags) input.flags = options.flags;
  if (options.level) input.level = options.level;
  return input;
}

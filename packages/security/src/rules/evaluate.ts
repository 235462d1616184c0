import { SecurityError, SecurityErrorCode } from '../errors.js';
import { PLACEHOLDER_PATTERNS } from '../secrets/placeholders.js';
import { type EnvironmentLevel, environmentLevel } from './environment-level.js';
import { type Finding, sortFindings } from './finding.js';
import { checkFlag } from './flag-rules.js';
import { fieldPath } from './paths.js';
import { POLICIES } from './policy.js';
import { checkSecrets, checkSecretsInVars } from './secret-rules.js';
import { checkUrl } from './url-rules.js';

export interface SecurityRuleInput {
  /** Environment name, e.g. `production` or a custom one such as `canary`. */
  environment: string;
  /** Level for custom environments (default: from the name; unknown names are judged as staging). */
  level?: EnvironmentLevel;
  /** Plain (non-secret) vars; checked for secrets in the open, URLs and debug switches. */
  vars?: Record<string, string | number | boolean | null | undefined>;
  /** Secret values by name; checked for length, placeholders, weak patterns, entropy and reuse. */
  secrets?: Record<string, string | null | undefined>;
  /** URLs by name (routes, API bases, webhooks); must be https and not local outside development. */
  urls?: Record<string, string | null | undefined>;
  /** Feature switches; checked for debug and security-disabling flags. */
  flags?: Record<string, unknown>;
  /** Prefix for finding paths, e.g. `environments.production`. */
  basePath?: string;
  /** Extra placeholder wildcard patterns (added to `PLACEHOLDER_PATTERNS`). */
  placeholderPatterns?: readonly string[];
}

/**
 * Every security finding for one environment, most severe first. Production is judged strictest;
 * values never appear in findings.
 */
export function evaluateSecurityRules(input: SecurityRuleInput): Finding[] {
  if (input === null || typeof input !== 'object') {
    throw bad('evaluateSecurityRules: input must be an object with `environment`');
  }
  const level = environmentLevel(input.environment, input.level);
  const policy = POLICIES[level];
  const environment = input.environment;
  const base = input.basePath ?? '';
  const vars = record(input.vars, 'vars');
  const secrets = record(input.secrets, 'secrets');
  const urls = record(input.urls, 'urls');
  const flags = record(input.flags, 'flags');
  const patterns = [...PLACEHOLDER_PATTERNS, ...(input.placeholderPatterns ?? [])];

  const secretValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    if (value === undefined || value === null) {
      secretValues[name] = '';
    } else if (typeof value !== 'string') {
      throw bad(`${fieldPath(base, 'secrets', name)} must be a string (found ${typeof value})`);
    } else {
      secretValues[name] = value;
    }
  }

  const ctx = { base, environment, level, policy, placeholderPatterns: patterns };
  const urlCtx = { environment, severity: policy.url };
  const findings: Finding[] = [
    ...checkSecrets(secretValues, ctx),
    ...checkSecretsInVars(vars, secretValues, ctx),
  ];
  for (const [name, value] of Object.entries(urls)) {
    if (value === undefined || value === null) continue;
    const path = fieldPath(base, 'urls', name);
    if (typeof value !== 'string') throw bad(`${path} must be a string URL (found ${typeof value})`);
    findings.push(...checkUrl(path, value, urlCtx, true));
  }
  for (const [name, value] of Object.entries(vars)) {
    const path = fieldPath(base, 'vars', name);
    // Only values that are clearly URLs; a var such as GREETING is not one.
    if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      findings.push(...checkUrl(path, value, urlCtx, false));
    }
    findings.push(...checkFlag(path, name, value, policy, environment));
  }
  for (const [name, value] of Object.entries(flags)) {
    findings.push(...checkFlag(fieldPath(base, 'flags', name), name, value, policy, environment));
  }
  return sortFindings(findings);
}

function record<T>(value: Record<string, T> | undefined, field: string): Record<string, T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw bad(`evaluateSecurityRules: ${field} must be an object of name → value`);
  }
  return value;
}

function bad(message: string): SecurityError {
  return new SecurityError(SecurityErrorCode.INVALID_ARGUMENT, message);
}

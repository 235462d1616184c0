import { estimateEntropy } from '../secrets/entropy.js';
import { matchPlaceholder } from '../secrets/placeholders.js';
import { findWeakPatterns } from '../secrets/weak-patterns.js';
import type { EnvironmentLevel } from './environment-level.js';
import { type Finding, SecurityRuleId } from './finding.js';
import { fieldPath } from './paths.js';
import type { SecurityPolicy } from './policy.js';

const SECRET_LIKE_KEY =
  /(secret|token|passw(or)?d|pwd|api[_-]?key|private[_-]?key|credential|signing[_-]?key|auth[_-]?key|client[_-]?secret)/i;
// Names that carry *about* a secret (where it lives, how long it lasts), not the secret itself.
const SECRET_METADATA_SUFFIX =
  /(_|-)?(url|uri|endpoint|env|source|name|id|header|ttl|expiry|expires[_-]?in|length|type|path|file)$/i;

export function looksLikeSecretName(name: string): boolean {
  return SECRET_LIKE_KEY.test(name) && !SECRET_METADATA_SUFFIX.test(name);
}

export interface SecretRuleContext {
  base: string;
  environment: string;
  level: EnvironmentLevel;
  policy: SecurityPolicy;
  placeholderPatterns: readonly string[];
}

export function checkSecrets(secrets: Record<string, string>, ctx: SecretRuleContext): Finding[] {
  const findings: Finding[] = [];
  const { policy, environment } = ctx;
  const firstNameOf = new Map<string, string>();
  for (const [name, value] of Object.entries(secrets)) {
    const path = fieldPath(ctx.base, 'secrets', name);
    const add = (
      rule: Finding['rule'],
      severity: Finding['severity'],
      message: string,
      remediation: string,
    ) => findings.push({ path, severity, rule, message: `${path} ${message}`, remediation });
    const regenerate = `replace it with a generated random value of at least ${policy.minSecretLength} characters and store it with \`wrangler secret put ${name}\``;
    if (value.trim().length === 0) {
      add(SecurityRuleId.SECRET_EMPTY, policy.secretProblem, `is empty in ${environment}`, regenerate);
      continue;
    }
    const length = [...value].length;
    if (length < policy.minSecretLength) {
      add(
        SecurityRuleId.SECRET_MIN_LENGTH,
        policy.secretProblem,
        `is ${length} characters long; ${environment} requires at least ${policy.minSecretLength}`,
        regenerate,
      );
    }
    if (matchPlaceholder(value, ctx.placeholderPatterns) !== undefined) {
      add(
        SecurityRuleId.SECRET_PLACEHOLDER,
        policy.secretProblem,
        'is a known placeholder or dummy value',
        regenerate,
      );
    } else {
      const weak = findWeakPatterns(value);
      if (weak.length > 0) {
        add(
          SecurityRuleId.SECRET_WEAK_PATTERN,
          policy.secretProblem,
          `is guessable: it ${weak.join('; ')}`,
          regenerate,
        );
      } else if (policy.lowEntropy && length >= policy.minSecretLength) {
        const bits = estimateEntropy(value);
        if (bits < policy.minEntropyBits) {
          add(
            SecurityRuleId.SECRET_LOW_ENTROPY,
            policy.lowEntropy,
            `has an estimated ${Math.floor(bits)} bits of entropy; ${environment} expects at least ${policy.minEntropyBits}`,
            regenerate,
          );
        }
      }
    }
    const first = firstNameOf.get(value);
    if (first !== undefined) {
      add(
        SecurityRuleId.SECRET_REUSED,
        policy.reusedSecret,
        `has the same value as ${fieldPath(ctx.base, 'secrets', first)}`,
        'give each secret its own generated value so one leak does not expose the other',
      );
    } else {
      firstNameOf.set(value, name);
    }
  }
  return findings;
}

/**
 * Plain vars end up in wrangler config, the repository and the dashboard: a secret-looking name, or a
 * value equal to one of the secrets, is a leak waiting to happen.
 */
export function checkSecretsInVars(
  vars: Record<string, unknown>,
  secrets: Record<string, string>,
  ctx: SecretRuleContext,
): Finding[] {
  const findings: Finding[] = [];
  const secretNameOf = new Map<string, string>();
  for (const [name, value] of Object.entries(secrets)) if (value.length >= 8) secretNameOf.set(value, name);
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value !== 'string' || value.length === 0) continue;
    const path = fieldPath(ctx.base, 'vars', name);
    const copiedFrom = secretNameOf.get(value);
    if (copiedFrom !== undefined) {
      findings.push({
        path,
        severity: ctx.policy.secretInVars,
        rule: SecurityRuleId.SECRET_IN_VARS,
        message: `${path} holds the value of ${fieldPath(ctx.base, 'secrets', copiedFrom)} in plain text`,
        remediation: `remove it from vars and read the secret binding ${copiedFrom} instead`,
      });
    } else if (looksLikeSecretName(name)) {
      findings.push({
        path,
        severity: ctx.policy.secretInVars,
        rule: SecurityRuleId.SECRET_IN_VARS,
        message: `${path} looks like a secret but is a plain var, visible in wrangler config and the dashboard`,
        remediation: `move it to secrets (wrangler secret put ${name}) and remove it from vars`,
      });
    }
  }
  return findings;
}

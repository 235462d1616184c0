// Public API of @clodo/security (Node). The worker-safe primitives are re-exported for tools and tests.
export * from './worker.js';

export { estimateEntropy } from './secrets/entropy.js';
export {
  generateApiKey,
  generateJwtSecret,
  generateSecret,
  generateServiceKeys,
  type ServiceKeys,
} from './secrets/generate.js';
export { matchPlaceholder, PLACEHOLDER_PATTERNS } from './secrets/placeholders.js';
export { checkKeyStrength, type KeyStrength, type KeyStrengthOptions } from './secrets/strength.js';
export { findWeakPatterns } from './secrets/weak-patterns.js';
export { matchesWildcard } from './secrets/wildcard.js';

export { securityInputForUnit, type UnitSecurityOptions } from './rules/config-input.js';
export { type EnvironmentLevel, environmentLevel } from './rules/environment-level.js';
export { evaluateSecurityRules, type SecurityRuleInput } from './rules/evaluate.js';
export {
  blocksDeployment,
  type Finding,
  type Severity,
  SecurityRuleId,
  sortFindings,
} from './rules/finding.js';
export { looksLikeSecretName } from './rules/secret-rules.js';
export { isLocalHost } from './rules/url-rules.js';

export { isSecretKey, REDACTED, Redactor, type RedactorOptions, redact } from './redaction/redactor.js';

export {
  type CommandResult,
  type CommandRunner,
  createProcessRunner,
  type ProcessRunnerOptions,
  type RunOptions,
} from './stores/command-runner.js';
export { type DotenvSegment, parseDotenv, serializeDotenv } from './stores/dotenv.js';
export { type GitIgnoreCheck, gitCheckIgnore } from './stores/git-ignore.js';
export { LocalSecretStore, type LocalSecretStoreOptions } from './stores/local.js';
export { type RotateSecretOptions, rotateSecret, type SecretRotation } from './stores/rotation.js';
export { assertSecretName, type SecretStore } from './stores/secret-store.js';
export { WranglerSecretStore, type WranglerSecretStoreOptions } from './stores/wrangler.js';

// Worker-safe entry: Web Crypto and jose only, no `node:` imports (it runs in workerd).
export { timingSafeEqual } from './auth/constant-time.js';
export {
  type BearerChallenge,
  looksLikeJwt,
  type PresentedCredentials,
  readCredentials,
  wwwAuthenticate,
} from './auth/credentials.js';
export { type ApiKeyVerificationOptions, hashApiKey, verifyApiKey } from './auth/api-key.js';
export type { KeyInput } from './auth/jwt-keys.js';
export { type JwtVerificationOptions, type JwtVerificationResult, verifyJwt } from './auth/jwt-verify.js';
export {
  generateSigningKeyPair,
  type JwtSigningAlgorithm,
  type JwtSigningOptions,
  type SigningKeyPair,
  signJwt,
} from './auth/jwt-sign.js';
export { JwtErrorCode, SecurityError, SecurityErrorCode } from './errors.js';
// Redaction has no Node dependency: Workers' loggers use the same masking as the Node tools.
export { isSecretKey, REDACTED, Redactor, type RedactorOptions, redact } from './redaction/redactor.js';

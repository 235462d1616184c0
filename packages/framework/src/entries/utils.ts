// Old general utilities: redaction, secret generation and key strength checks.
export {
  checkKeyStrength,
  estimateEntropy,
  generateApiKey,
  generateJwtSecret,
  generateSecret,
  generateServiceKeys,
  isSecretKey,
  REDACTED,
  Redactor,
  redact,
} from '@clodo/security';
export { hostLabel, resourceName, serviceHostname, serviceUrl, workerName } from '@clodo/config';

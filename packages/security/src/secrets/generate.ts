import { randomBytes } from 'node:crypto';
import { SecurityError, SecurityErrorCode } from '../errors.js';

const PREFIX = /^[a-z][a-z0-9_]{0,31}$/;
const MIN_JWT_SECRET_BYTES = 64;

/** `<prefix>_<64 hex>`: 256 bits from the OS CSPRNG behind a readable prefix (`orders_live_3f9c…`). */
export function generateApiKey(prefix: string): string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      `generateApiKey: prefix must match ${PREFIX} (lowercase letter first, then up to 31 of [a-z0-9_])`,
    );
  }
  return `${prefix}_${randomBytes(32).toString('hex')}`;
}

/** A base64url HMAC secret of `bytes` random bytes (at least 64, the HS256 block size). */
export function generateJwtSecret(bytes: number = MIN_JWT_SECRET_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < MIN_JWT_SECRET_BYTES || bytes > 1024) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      `generateJwtSecret: bytes must be an integer from ${MIN_JWT_SECRET_BYTES} to 1024`,
    );
  }
  return randomBytes(bytes).toString('base64url');
}

/** A hex secret of `bytes` random bytes (default 32), for webhook signing keys and the like. */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'generateSecret: bytes must be an integer from 16 to 1024',
    );
  }
  return randomBytes(bytes).toString('hex');
}

export interface ServiceKeys {
  /** `<service>_<64 hex>` with dashes in the service name turned into underscores. */
  apiKey: string;
  jwtSecret: string;
}

/**
 * One independent API key and JWT secret per service, so a leak in one service does not open another.
 * Service names follow the config rule `[a-z][a-z0-9-]{1,62}`.
 */
export function generateServiceKeys(services: readonly string[]): Record<string, ServiceKeys> {
  if (!Array.isArray(services)) {
    throw new SecurityError(
      SecurityErrorCode.INVALID_ARGUMENT,
      'generateServiceKeys: services must be an array',
    );
  }
  const keys: Record<string, ServiceKeys> = {};
  for (const [i, service] of services.entries()) {
    if (typeof service !== 'string' || !/^[a-z][a-z0-9-]{1,62}$/.test(service)) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        `generateServiceKeys: services[${i}] must be a service name matching [a-z][a-z0-9-]{1,62}`,
      );
    }
    if (Object.hasOwn(keys, service)) {
      throw new SecurityError(
        SecurityErrorCode.INVALID_ARGUMENT,
        `generateServiceKeys: services[${i}] repeats "${service}"`,
      );
    }
    const prefix = service.replace(/-/g, '_').slice(0, 32);
    keys[service] = { apiKey: generateApiKey(prefix), jwtSecret: generateJwtSecret() };
  }
  return keys;
}

/** Every error code @clodo/security produces, in one place. Worker-safe: no `node:` imports. */
export const SecurityErrorCode = {
  /** An argument or option has the wrong type or shape; the message names it. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A secret name is not a valid environment variable name. */
  INVALID_SECRET_NAME: 'INVALID_SECRET_NAME',
  /** A key (PEM, JWK, secret) given to sign or verify could not be used. */
  INVALID_KEY: 'INVALID_KEY',
  /** The secret store could not complete an operation (wrangler failed, file unreadable, ...). */
  SECRET_STORE_FAILED: 'SECRET_STORE_FAILED',
  /** The local secrets file could not be parsed; the message names the line. */
  SECRET_FILE_INVALID: 'SECRET_FILE_INVALID',
  /** Rotation needs the current value but the store cannot read it and none was given. */
  ROTATION_NEEDS_CURRENT_VALUE: 'ROTATION_NEEDS_CURRENT_VALUE',
} as const;

export type SecurityErrorCode = (typeof SecurityErrorCode)[keyof typeof SecurityErrorCode];

/** Why a JWT was rejected by `verifyJwt`. */
export const JwtErrorCode = {
  MISSING_TOKEN: 'MISSING_TOKEN',
  MALFORMED: 'MALFORMED',
  UNSUPPORTED_ALGORITHM: 'UNSUPPORTED_ALGORITHM',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_NOT_YET_VALID: 'TOKEN_NOT_YET_VALID',
  BAD_ISSUER: 'BAD_ISSUER',
  BAD_AUDIENCE: 'BAD_AUDIENCE',
  /** A claim other than exp/nbf/iss/aud failed (missing required claim, bad `iat`, ...). */
  BAD_CLAIM: 'BAD_CLAIM',
  /** No key in the JWKS matches the token's `kid`/`alg`. */
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  /** The JWKS endpoint could not be fetched or returned something that is not a JWKS. */
  JWKS_UNAVAILABLE: 'JWKS_UNAVAILABLE',
} as const;

export type JwtErrorCode = (typeof JwtErrorCode)[keyof typeof JwtErrorCode];

/** An error raised for bad input or a failed operation. Messages never contain secret values. */
export class SecurityError extends Error {
  readonly code: SecurityErrorCode;

  constructor(code: SecurityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecurityError';
    this.code = code;
  }
}

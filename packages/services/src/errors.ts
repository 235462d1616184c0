/** Every error code @clodo/services produces, in one place. Worker-safe: no `node:` imports. */
export const ServiceErrorCode = {
  /** A query string key, operator, sort key or paging value is not acceptable; the message names it. */
  INVALID_QUERY: 'INVALID_QUERY',
  /** A request body or record failed the model's validation; `details` lists every field problem. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** The request body is not parseable JSON (or not a JSON object). */
  INVALID_JSON: 'INVALID_JSON',
  /** A unique field already holds the submitted value. */
  CONFLICT: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** No credentials, or credentials that do not verify. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** Valid credentials that may not perform this operation. */
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** A requested byte range cannot be served. */
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  /** A binding the service needs is missing from the environment (named in the log). */
  MISCONFIGURED: 'MISCONFIGURED',
  /** A health check marked critical failed. */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  /** A model, service or helper was declared wrongly; thrown at definition time, the message names the option. */
  INVALID_DEFINITION: 'INVALID_DEFINITION',
  /** A model change cannot be expressed as an additive migration. */
  MIGRATION_NOT_ADDITIVE: 'MIGRATION_NOT_ADDITIVE',
} as const;

export type ServiceErrorCode = (typeof ServiceErrorCode)[keyof typeof ServiceErrorCode];

/** One field problem in a `VALIDATION_FAILED` error. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

const DEFAULT_STATUS: Record<ServiceErrorCode, number> = {
  INVALID_QUERY: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  CONFLICT: 409,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  MISCONFIGURED: 500,
  UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  INVALID_DEFINITION: 500,
  MIGRATION_NOT_ADDITIVE: 500,
};

/**
 * An error meant for the client: its code, status and message become the JSON error envelope. Hooks throw
 * it (usually with a 4xx status) to veto an operation.
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(
    code: ServiceErrorCode | string,
    message: string,
    options: { status?: number; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.code = code;
    this.status = options.status ?? DEFAULT_STATUS[code as ServiceErrorCode] ?? 400;
    this.details = options.details;
  }
}

export function definitionError(message: string): ServiceError {
  return new ServiceError(ServiceErrorCode.INVALID_DEFINITION, message);
}

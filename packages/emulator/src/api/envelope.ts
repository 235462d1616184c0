/** Cloudflare's v4 response envelope and the numeric error codes the emulator answers with. */
export interface CfMessage {
  code: number;
  message: string;
}

export const CF_CODES = {
  /** Cloudflare answers this for an account the token cannot reach. */
  AUTHENTICATION_ERROR: 10000,
  MISSING_AUTH: 9106,
  INVALID_AUTH_HEADER: 6111,
  COULD_NOT_ROUTE: 7003,
  SCRIPT_NOT_FOUND: 10007,
  VALIDATION: 10021,
  SECRET_NOT_FOUND: 10056,
  VERSION_NOT_FOUND: 10210,
  DEPLOYMENT_INVALID: 10213,
  ROLLBACK_SECRETS_CHANGED: 10220,
  ROUTE_NOT_IMPLEMENTED: 10404,
  D1_NOT_FOUND: 7404,
  D1_QUERY_ERROR: 7500,
  D1_NAME_TAKEN: 7502,
  KV_NOT_FOUND: 10013,
  KV_TITLE_TAKEN: 10014,
  SUBDOMAIN_NOT_SET: 10007,
  BAD_REQUEST: 10001,
} as const;

export interface CfEnvelope<T> {
  success: boolean;
  errors: CfMessage[];
  messages: CfMessage[];
  result: T | null;
  result_info?: Record<string, number>;
}

export function ok<T>(result: T, resultInfo?: Record<string, number>): CfEnvelope<T> {
  return {
    success: true,
    errors: [],
    messages: [],
    result,
    ...(resultInfo ? { result_info: resultInfo } : {}),
  };
}

export function fail(code: number, message: string): CfEnvelope<null> {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

/** Thrown by route handlers; the server turns it into an envelope with this HTTP status. */
export class CfApiError extends Error {
  readonly status: number;
  readonly cfCode: number;
  constructor(status: number, cfCode: number, message: string) {
    super(message);
    this.name = 'CfApiError';
    this.status = status;
    this.cfCode = cfCode;
  }
}

import { CF_CODES, CfApiError } from '../api/envelope.js';

const ACCOUNT_ID = /^[0-9a-f]{32}$/;

/** Bearer-token and account checks, answered with the codes Cloudflare uses. */
export function authorize(
  path: string,
  authorization: string | undefined,
  expected: { token: string; accountId: string },
): void {
  if (!authorization) {
    throw new CfApiError(
      400,
      CF_CODES.MISSING_AUTH,
      'Missing X-Auth-Key, X-Auth-Email or Authorization headers',
    );
  }
  const match = /^Bearer (.+)$/.exec(authorization);
  if (!match) {
    throw new CfApiError(400, CF_CODES.INVALID_AUTH_HEADER, 'Invalid format for Authorization header');
  }
  if (match[1] !== expected.token) {
    throw new CfApiError(403, CF_CODES.AUTHENTICATION_ERROR, 'Authentication error');
  }
  const account = /^\/accounts\/([^/]+)/.exec(path)?.[1];
  if (account === undefined || account === expected.accountId) return;
  if (!ACCOUNT_ID.test(account)) {
    throw new CfApiError(
      400,
      CF_CODES.COULD_NOT_ROUTE,
      `Could not route to /client/v4${path}, perhaps your object identifier is invalid?`,
    );
  }
  throw new CfApiError(403, CF_CODES.AUTHENTICATION_ERROR, 'Authentication error');
}

/** What a request presents: an `X-API-Key` header and/or an `Authorization: Bearer` token. */
export interface PresentedCredentials {
  apiKey?: string;
  /** The bearer token; may be a JWT or an API key sent as a bearer token. */
  bearerToken?: string;
}

type HeaderSource = Headers | Record<string, string | null | undefined>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Reads the credentials a request presents, without judging them. Empty values count as absent. */
export function readCredentials(headers: HeaderSource): PresentedCredentials {
  const get = (name: string): string | undefined => {
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(headers as Record<string, string | null | undefined>)) {
      if (key.toLowerCase() === wanted && typeof value === 'string') return value;
    }
    return undefined;
  };
  const credentials: PresentedCredentials = {};
  const apiKey = get('x-api-key')?.trim();
  if (apiKey) credentials.apiKey = apiKey;
  const authorization = get('authorization')?.trim();
  const bearer = authorization ? /^Bearer[ \t]+(\S+)$/i.exec(authorization) : null;
  if (bearer) credentials.bearerToken = bearer[1]!;
  return credentials;
}

/** True when `token` has the three-part shape of a compact JWT (header.payload.signature). */
export function looksLikeJwt(token: string): boolean {
  return typeof token === 'string' && JWT_SHAPE.test(token);
}

export interface BearerChallenge {
  realm?: string;
  /** RFC 6750 error: `invalid_request`, `invalid_token` or `insufficient_scope`. */
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  /** Human-readable reason; must not contain the token (verifyJwt messages never do). */
  description?: string;
}

/** A `WWW-Authenticate` header value for a 401 (RFC 6750), quoting parameters safely. */
export function wwwAuthenticate(challenge: BearerChallenge = {}): string {
  const params: string[] = [];
  const quote = (v: string) => `"${v.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
  if (challenge.realm) params.push(`realm=${quote(challenge.realm)}`);
  if (challenge.error) params.push(`error=${quote(challenge.error)}`);
  if (challenge.description) params.push(`error_description=${quote(challenge.description)}`);
  return params.length > 0 ? `Bearer ${params.join(', ')}` : 'Bearer';
}

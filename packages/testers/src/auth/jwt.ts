import { createHmac, createPrivateKey, sign } from 'node:crypto';

/** How the service verifies JWTs, so the tester can mint valid and deliberately invalid tokens. */
export interface JwtSettings {
  /** HS256 shared secret. Either this or `privateKey`. */
  secret?: string;
  /** RS256 private key (PEM). */
  privateKey?: string;
  audience: string;
  issuer?: string;
  subject?: string;
  /** Extra claims for every minted token (e.g. roles). */
  claims?: Record<string, unknown>;
  /** Key id header, when the service picks keys from a JWKS. */
  keyId?: string;
}

export interface MintOptions {
  audience?: string;
  /** Seconds from now; negative for an already-expired token. */
  expiresIn?: number;
}

/** Signs a compact JWT with the configured key. */
export function mintJwt(settings: JwtSettings, options: MintOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? 300;
  const alg = settings.privateKey ? 'RS256' : 'HS256';
  const header: Record<string, string> = { alg, typ: 'JWT' };
  if (settings.keyId) header.kid = settings.keyId;
  const payload: Record<string, unknown> = {
    ...settings.claims,
    aud: options.audience ?? settings.audience,
    sub: settings.subject ?? 'clodo-tester',
    iat: expiresIn < 0 ? now + expiresIn - 60 : now,
    exp: now + expiresIn,
  };
  if (settings.issuer) payload.iss = settings.issuer;
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(input), createPrivateKey(settings.privateKey as string))
      : createHmac('sha256', settings.secret as string)
          .update(input)
          .digest();
  return `${input}.${signature.toString('base64url')}`;
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

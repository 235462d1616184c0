/** How a tester proves who it is. Values are sent, never recorded in results or reports. */
export interface Credentials {
  /** Sent in `apiKeyHeader` (default `X-API-Key`). */
  apiKey?: string;
  apiKeyHeader?: string;
  /** Sent as `Authorization: Bearer <token>` (an API key or a JWT). */
  bearerToken?: string;
  /** Extra headers that carry secrets (e.g. a cookie); their values are masked like the others. */
  headers?: Record<string, string>;
}

export const MASK = '***';

export function credentialHeaders(credentials: Credentials | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!credentials) return headers;
  if (credentials.apiKey !== undefined) {
    headers[(credentials.apiKeyHeader ?? 'x-api-key').toLowerCase()] = credentials.apiKey;
  }
  if (credentials.bearerToken !== undefined) headers.authorization = `Bearer ${credentials.bearerToken}`;
  for (const [name, value] of Object.entries(credentials.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

/** Every secret value a set of credentials carries, longest first so overlapping values mask fully. */
export function secretValues(...sets: Array<Credentials | undefined>): string[] {
  const values: string[] = [];
  for (const credentials of sets) {
    if (!credentials) continue;
    if (credentials.apiKey) values.push(credentials.apiKey);
    if (credentials.bearerToken) values.push(credentials.bearerToken);
    for (const value of Object.values(credentials.headers ?? {})) if (value) values.push(value);
  }
  return values.filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret in `text` with `***`. */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

/** Describes credentials without their values, for results: which kinds were used. */
export function describeCredentials(credentials: Credentials | undefined): string[] {
  if (!credentials) return [];
  const kinds: string[] = [];
  if (credentials.apiKey !== undefined) kinds.push(`api-key (${credentials.apiKeyHeader ?? 'X-API-Key'})`);
  if (credentials.bearerToken !== undefined) kinds.push('bearer');
  for (const name of Object.keys(credentials.headers ?? {})) kinds.push(`header ${name}`);
  return kinds;
}

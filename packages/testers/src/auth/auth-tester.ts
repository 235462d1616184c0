import { randomBytes } from 'node:crypto';
import { invalidArgument } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { type Credentials, credentialHeaders, secretValues } from '../http/credentials.js';
import { emitProgress, type ProgressListener } from '../progress/events.js';
import { type JwtSettings, mintJwt } from './jwt.js';

export interface ProtectedEndpoint {
  name?: string;
  method?: string;
  path: string;
  /** Sent with every case; the valid case really performs the request. */
  body?: unknown;
}

export interface AuthTesterOptions {
  baseUrl: string;
  /** Credentials the service accepts. */
  credentials: Credentials;
  /** Credentials it must refuse (default: the same kinds with random values). */
  wrongCredentials?: Credentials;
  endpoints: ProtectedEndpoint[];
  /** When the service verifies JWTs: also send a valid, an expired and a wrong-audience token. */
  jwt?: JwtSettings;
  timeoutMs?: number;
  onProgress?: ProgressListener;
  /** Aborts requests in flight; the result reports them as ABORTED failures. */
  signal?: AbortSignal;
}

export type AuthCaseName = 'missing' | 'wrong' | 'valid' | 'jwt-valid' | 'jwt-expired' | 'jwt-wrong-audience';

export interface AuthCaseResult {
  endpoint: string;
  case: AuthCaseName;
  expected: string;
  status: number | null;
  passed: boolean;
  failures: string[];
}

export interface AuthResult {
  kind: 'auth';
  target: string;
  passed: boolean;
  total: number;
  failed: number;
  cases: AuthCaseResult[];
}

interface CaseSpec {
  name: AuthCaseName;
  headers: Record<string, string>;
  expect: 'challenge' | 'reject' | 'accept';
}

/** Checks that protected routes refuse missing and wrong credentials and accept valid ones. */
export class AuthTester {
  readonly #options: AuthTesterOptions;

  constructor(options: AuthTesterOptions) {
    if (options === null || typeof options !== 'object')
      throw invalidArgument('options', 'must be an object');
    if (Object.keys(credentialHeaders(options.credentials)).length === 0) {
      throw invalidArgument('credentials', 'set apiKey, bearerToken or headers: the valid case needs them');
    }
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) {
      throw invalidArgument('endpoints', 'list at least one protected endpoint');
    }
    options.endpoints.forEach((e, i) => {
      if (typeof e?.path !== 'string') throw invalidArgument(`endpoints[${i}].path`, 'must be a string');
    });
    if (options.jwt) {
      if (!options.jwt.secret && !options.jwt.privateKey) {
        throw invalidArgument('jwt', 'set secret (HS256) or privateKey (RS256)');
      }
      if (typeof options.jwt.audience !== 'string' || options.jwt.audience.length === 0) {
        throw invalidArgument('jwt.audience', 'must be a non-empty string');
      }
    }
    this.#options = options;
  }

  async run(): Promise<AuthResult> {
    const o = this.#options;
    const specs = this.#cases();
    const secrets = [
      ...secretValues(o.credentials, o.wrongCredentials),
      ...specs.flatMap((s) => Object.values(s.headers)),
    ];
    const client = new HttpClient({ baseUrl: o.baseUrl, timeoutMs: o.timeoutMs, secrets });
    const cases: AuthCaseResult[] = [];
    try {
      for (const endpoint of o.endpoints) {
        const method = (endpoint.method ?? 'GET').toUpperCase();
        const label = endpoint.name ?? `${method} ${endpoint.path}`;
        for (const spec of specs) {
          const result = await runCase(client, method, endpoint, label, spec, o.signal);
          cases.push(result);
          emitProgress(o.onProgress, {
            type: 'check',
            tester: 'auth',
            name: `${label} ${spec.name}`,
            passed: result.passed,
          });
        }
      }
    } finally {
      await client.close();
    }
    const failed = cases.filter((c) => !c.passed).length;
    return {
      kind: 'auth',
      target: client.target.display,
      passed: failed === 0,
      total: cases.length,
      failed,
      cases,
    };
  }

  #cases(): CaseSpec[] {
    const o = this.#options;
    const wrong = o.wrongCredentials ?? scramble(o.credentials);
    const specs: CaseSpec[] = [
      { name: 'missing', headers: {}, expect: 'challenge' },
      { name: 'wrong', headers: credentialHeaders(wrong), expect: 'reject' },
      { name: 'valid', headers: credentialHeaders(o.credentials), expect: 'accept' },
    ];
    if (o.jwt) {
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      specs.push(
        { name: 'jwt-valid', headers: bearer(mintJwt(o.jwt)), expect: 'accept' },
        { name: 'jwt-expired', headers: bearer(mintJwt(o.jwt, { expiresIn: -600 })), expect: 'reject' },
        {
          name: 'jwt-wrong-audience',
          headers: bearer(mintJwt(o.jwt, { audience: `${o.jwt.audience}-not-this-service` })),
          expect: 'reject',
        },
      );
    }
    return specs;
  }
}

async function runCase(
  client: HttpClient,
  method: string,
  endpoint: ProtectedEndpoint,
  label: string,
  spec: CaseSpec,
  signal: AbortSignal | undefined,
): Promise<AuthCaseResult> {
  const expected =
    spec.expect === 'challenge'
      ? '401 with WWW-Authenticate'
      : spec.expect === 'reject'
        ? '401 or 403'
        : '2xx';
  const outcome = await client.request({
    method,
    path: endpoint.path,
    headers: spec.headers,
    body: endpoint.body,
    signal,
  });
  const base = { endpoint: label, case: spec.name, expected };
  if (!outcome.ok) {
    return {
      ...base,
      status: null,
      passed: false,
      failures: [`${outcome.failure.kind}: ${outcome.failure.message}`],
    };
  }
  const { status, headers } = outcome.response;
  const failures: string[] = [];
  if (spec.expect === 'challenge') {
    if (status !== 401) failures.push(`status ${status}, expected 401`);
    if (!headers['www-authenticate']) failures.push('401 without a WWW-Authenticate header');
  } else if (spec.expect === 'reject') {
    if (status !== 401 && status !== 403) failures.push(`status ${status}, expected 401 or 403`);
  } else if (status < 200 || status > 299) {
    failures.push(`status ${status}, expected 2xx`);
  }
  return { ...base, status, passed: failures.length === 0, failures };
}

/** Same kinds of credential, random values of the same length class. */
function scramble(credentials: Credentials): Credentials {
  const random = () => `wrong-${randomBytes(18).toString('base64url')}`;
  const out: Credentials = {};
  if (credentials.apiKey !== undefined) {
    out.apiKey = random();
    if (credentials.apiKeyHeader) out.apiKeyHeader = credentials.apiKeyHeader;
  }
  if (credentials.bearerToken !== undefined) out.bearerToken = random();
  if (credentials.headers) {
    out.headers = Object.fromEntries(Object.keys(credentials.headers).map((k) => [k, random()]));
  }
  return out;
}

import { ConfigError, ConfigErrorCode } from '../errors.js';

export type FetchLike = (
  input: string,
  init?: { method?: string; headers?: Record<string, string> },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export interface RestOptions {
  readonly apiBaseUrl: string;
  readonly token: string;
  readonly fetch: FetchLike;
}

interface Envelope<T> {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: T;
  result_info?: { page?: number; total_pages?: number };
}

function failure(what: string, message: string): ConfigError {
  return new ConfigError(
    ConfigErrorCode.DISCOVERY_FAILED,
    [{ path: what, message }],
    'Domain discovery failed',
  );
}

/** GET one Cloudflare API path; errors name the path and Cloudflare's reason, never the token. */
export async function getJson<T>(options: RestOptions, path: string): Promise<Envelope<T>> {
  const url = `${options.apiBaseUrl.replace(/\/+$/, '')}${path}`;
  const label = `GET ${path.split('?')[0]}`;
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await options.fetch(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw failure(label, `request failed: ${reason.split(options.token).join('***')}`);
  }
  const text = await response.text();
  let body: Envelope<T>;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    throw failure(label, `answered ${response.status} with a body that is not JSON`);
  }
  if (!response.ok || body.success === false) {
    const reasons = (body.errors ?? []).map(
      (e) => `${e.message ?? 'error'}${e.code ? ` (code ${e.code})` : ''}`,
    );
    const hint =
      response.status === 401 || response.status === 403
        ? 'check that the token is valid and has Zone:Read and Workers Scripts:Read permissions'
        : undefined;
    throw new ConfigError(
      ConfigErrorCode.DISCOVERY_FAILED,
      [
        {
          path: label,
          message: `answered ${response.status}${reasons.length ? `: ${reasons.join('; ')}` : ''}`
            .split(options.token)
            .join('***'),
          ...(hint ? { hint } : {}),
        },
      ],
      'Domain discovery failed',
    );
  }
  return body;
}

/** Every page of a paginated list endpoint (`page`/`per_page`, stopping at `total_pages`). */
export async function getAllPages<T>(
  options: RestOptions,
  path: string,
  perPage = 50,
  maxPages = 100,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const body = await getJson<T[]>(options, `${path}${separator}page=${page}&per_page=${perPage}`);
    const items = Array.isArray(body.result) ? body.result : [];
    out.push(...items);
    const total = body.result_info?.total_pages;
    if (total === undefined ? items.length < perPage : page >= total) break;
  }
  return out;
}

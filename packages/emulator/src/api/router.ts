import { CF_CODES, CfApiError } from './envelope.js';

/** What a route handler sees of one API request. */
export interface ApiRequest {
  method: string;
  /** Path below `/client/v4`, e.g. `/accounts/abc/workers/scripts/x`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** A handler answers with a JSON result (wrapped in the envelope) or a raw body. */
export type ApiResponse =
  | { kind: 'json'; status?: number; result: unknown; resultInfo?: Record<string, number> }
  | { kind: 'raw'; status?: number; contentType: string; body: Buffer | string };

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse> | ApiResponse;

interface Route {
  method: string;
  segments: string[];
  handler: ApiHandler;
}

export function json(result: unknown, status = 200): ApiResponse {
  return { kind: 'json', status, result };
}

/** Method + path-pattern routing (`/accounts/:accountId/d1/database/:id`); segments are decoded. */
export class Router {
  readonly #routes: Route[] = [];

  on(method: string, pattern: string, handler: ApiHandler): this {
    this.#routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, path: string): { handler: ApiHandler; params: Record<string, string> } {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    const what = `${method} /client/v4${path}`;
    throw new CfApiError(
      pathMatched ? 405 : 404,
      CF_CODES.ROUTE_NOT_IMPLEMENTED,
      `The clodo emulator does not implement ${what}`,
    );
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const part = parts[i] as string;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (p !== part) {
      return undefined;
    }
  }
  return params;
}

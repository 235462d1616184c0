import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type LoopbackServer, sendJson, startServer } from './server.js';

export interface ClodoLikeOptions {
  apiKey: string;
  jwt?: { secret: string; audience: string };
  /** Answer this step with a 500, to test failure handling. */
  failOn?: 'update' | 'list' | 'hang-get';
  manifestAuth?: boolean;
}

export interface ClodoLike extends LoopbackServer {
  records: Map<string, Record<string, unknown>>;
}

/**
 * A small Node stand-in that answers like a Clodo data service (PRODUCT §5): one `users` resource,
 * API-key or HS256 JWT auth with WWW-Authenticate, list envelopes with pagination.
 */
export async function startClodoLike(options: ClodoLikeOptions): Promise<ClodoLike> {
  const records = new Map<string, Record<string, unknown>>();
  let nextId = 1;
  let loadCount = 0;
  const authorized = (req: IncomingMessage) => {
    const key = req.headers['x-api-key'];
    if (typeof key === 'string' && safeEqual(key, options.apiKey)) return true;
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return false;
    const token = auth.slice(7);
    if (safeEqual(token, options.apiKey)) return true;
    return options.jwt ? verifyJwt(token, options.jwt) : false;
  };
  const server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const fail = (status: number, code: string, headers: Record<string, string> = {}) =>
      sendJson(res, status, { success: false, error: { code, message: code, requestId: 'r' } }, headers);
    if (url.pathname === '/load') {
      // public, ~2 ms, exactly every tenth answer a 500
      const i = loadCount++;
      setTimeout(() => sendJson(res, i % 10 === 9 ? 500 : 200, { ok: i % 10 !== 9 }), 2);
      return;
    }
    if (url.pathname === '/health')
      return sendJson(res, 200, { status: 'ok', service: 'users', version: '1.0.0' });
    const hasAuthHeader = req.headers['x-api-key'] !== undefined || req.headers.authorization !== undefined;
    const guard = () => {
      if (authorized(req)) return true;
      if (!hasAuthHeader) fail(401, 'UNAUTHORIZED', { 'www-authenticate': 'Bearer realm="users"' });
      else fail(401, 'UNAUTHORIZED', { 'www-authenticate': 'Bearer error="invalid_token"' });
      return false;
    };
    if (url.pathname === '/.well-known/clodo') {
      if (options.manifestAuth && !guard()) return;
      return sendJson(res, 200, {
        service: 'users',
        version: '1.0.0',
        resources: [
          {
            name: 'users',
            path: '/api/users',
            fields: { email: { type: 'text', required: true } },
            auth: 'required',
          },
        ],
        routes: [
          { method: 'GET', path: '/api/users' },
          { method: 'GET', path: '/api/users/:id' },
          { method: 'POST', path: '/api/users' },
          { method: 'GET', path: '/api/stats' },
        ],
      });
    }
    if (!guard()) return;
    if (url.pathname === '/api/stats')
      return sendJson(res, 200, { success: true, data: { users: records.size } });
    const match = /^\/api\/users(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return fail(404, 'NOT_FOUND');
    const id = match[1] ? decodeURIComponent(match[1]) : undefined;
    if (!id && method === 'GET') {
      if (options.failOn === 'list' && url.searchParams.has('page')) return fail(500, 'INTERNAL');
      const page = Number(url.searchParams.get('page') ?? 1);
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const all = [...records.values()];
      const total = all.length;
      const totalPages = Math.max(1, Math.ceil(total / limit));
      return sendJson(res, 200, {
        success: true,
        data: all.slice((page - 1) * limit, page * limit),
        pagination: { page, limit, total, totalPages, hasNext: page < totalPages, hasPrev: page > 1 },
      });
    }
    if (!id && method === 'POST') {
      const input = JSON.parse(body) as Record<string, unknown>;
      const record = { ...input, id: String(nextId++) };
      records.set(record.id, record);
      return sendJson(res, 201, { success: true, data: record }, { location: `/api/users/${record.id}` });
    }
    if (!id) return fail(405, 'METHOD_NOT_ALLOWED');
    const record = records.get(id);
    if (!record) return fail(404, 'NOT_FOUND');
    if (method === 'GET' && options.failOn === 'hang-get') return;
    if (method === 'GET') return sendJson(res, 200, { success: true, data: record });
    if (method === 'PATCH' || method === 'PUT') {
      if (options.failOn === 'update') return fail(500, 'INTERNAL');
      Object.assign(record, JSON.parse(body));
      return sendJson(res, 200, { success: true, data: record });
    }
    if (method === 'DELETE') {
      records.delete(id);
      return sendJson(res, 200, { success: true, data: { id } });
    }
    return fail(405, 'METHOD_NOT_ALLOWED');
  });
  return Object.assign(server, { records });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function verifyJwt(token: string, jwt: { secret: string; audience: string }): boolean {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return false;
  const expected = createHmac('sha256', jwt.secret).update(`${h}.${p}`).digest('base64url');
  if (!safeEqual(expected, s)) return false;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { exp?: number; aud?: string };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return false;
  return claims.aud === jwt.audience;
}

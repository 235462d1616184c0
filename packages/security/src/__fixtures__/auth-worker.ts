// Test worker: exposes the worker entry over HTTP so vitest can call it inside workerd.
import * as security from '../worker.js';

type Call = { fn: string; args: unknown[] };

const callable: Record<string, (...args: never[]) => unknown> = {
  timingSafeEqual: security.timingSafeEqual,
  hashApiKey: security.hashApiKey,
  verifyApiKey: security.verifyApiKey,
  verifyJwt: security.verifyJwt,
  signJwt: security.signJwt,
  looksLikeJwt: security.looksLikeJwt,
  wwwAuthenticate: security.wwwAuthenticate,
};

export default {
  async fetch(request: Request): Promise<Response> {
    const runtime = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? 'unknown';
    if (request.method === 'GET' && new URL(request.url).pathname === '/credentials') {
      return Response.json({ runtime, result: security.readCredentials(request.headers) });
    }
    if (request.method === 'GET') return Response.json({ runtime });
    const { fn, args } = (await request.json()) as Call;
    const target = callable[fn];
    if (!target) return Response.json({ error: `unknown function ${fn}` }, { status: 404 });
    try {
      // Dates do not survive JSON; `currentDate` travels as epoch milliseconds.
      const fixed = args.map((arg) =>
        arg && typeof arg === 'object' && 'currentDate' in arg
          ? { ...arg, currentDate: new Date((arg as { currentDate: number }).currentDate) }
          : arg,
      );
      const result = await (target as (...a: unknown[]) => unknown)(...fixed);
      return Response.json({ runtime, result });
    } catch (error) {
      const { name, message, code } = error as { name: string; message: string; code?: string };
      return Response.json({ runtime, thrown: { name, message, code } });
    }
  },
};

// A small worker for the end-to-end tests: /health reads D1 and checks its secret is bound.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') {
      const row = await env.DB.prepare('SELECT count(*) AS n FROM notes').first();
      const ok = typeof env.API_KEY === 'string' && env.API_KEY.length > 0 && env.HEALTH !== 'fail';
      return Response.json(
        { status: ok ? 'ok' : 'down', notes: row.n, release: env.RELEASE },
        { status: ok ? 200 : 500 },
      );
    }
    return new Response('not found', { status: 404 });
  },
};

// A worker for the end-to-end tests: /health answers 200 unless HEALTH is "fail"; every other path
// answers JSON naming the release, or 500 when ERRORS is "on" (a release that breaks its API).
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') {
      const ok = env.HEALTH !== 'fail';
      return Response.json({ status: ok ? 'ok' : 'down', release: env.RELEASE }, { status: ok ? 200 : 500 });
    }
    if (env.ERRORS === 'on') return Response.json({ error: 'release is broken' }, { status: 500 });
    return Response.json({ service: env.SERVICE, release: env.RELEASE });
  },
};

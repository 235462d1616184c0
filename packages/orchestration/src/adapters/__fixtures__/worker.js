// A worker for the end-to-end tests: /health answers 200 unless the HEALTH var says otherwise.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') {
      const ok = env.HEALTH !== 'fail';
      return Response.json({ status: ok ? 'ok' : 'down', release: env.RELEASE }, { status: ok ? 200 : 500 });
    }
    return Response.json({ service: env.SERVICE, release: env.RELEASE });
  },
};

import { type FileMap, type TemplateInput, serviceProject } from './shared.js';

export function apiGateway(input: TemplateInput): { files: FileMap } {
  const { name } = input;
  const files = serviceProject(input, {
    config: { type: 'api', vars: { UPSTREAMS: '' } },
    src: {
      'src/index.ts': `import { createService } from '@clodo/services';

type Fetcher = { fetch(request: Request): Promise<Response> };

/** Upstreams are service bindings named in the UPSTREAMS var: \`catalog\` → binding \`CATALOG\`. */
function upstreams(env: Record<string, unknown>): Map<string, Fetcher> {
  const names = String(env.UPSTREAMS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const found = new Map<string, Fetcher>();
  for (const n of names) {
    const binding = env[n.toUpperCase().replaceAll('-', '_')] as Fetcher | undefined;
    if (binding && typeof binding.fetch === 'function') found.set(n, binding);
  }
  return found;
}

// Forwards /<upstream>/<path> to that service; /health reports every upstream.
export default createService({
  name: '${name}',
  version: '0.1.0',
  auth: false,
  healthChecks: [
    {
      name: 'upstreams',
      critical: true,
      async run(env: Record<string, unknown>) {
        for (const [n, upstream] of upstreams(env)) {
          const res = await upstream.fetch(new Request('http://upstream/health'));
          if (!res.ok) throw new Error(\`\${n} answered \${res.status}\`);
        }
      },
    },
  ],
  routes: (app) => {
    app.get('/routes', (c) => c.json({ success: true, data: [...upstreams(c.env as Record<string, unknown>).keys()] }));
    app.all('/:upstream/*', async (c) => {
      const target = upstreams(c.env as Record<string, unknown>).get(c.req.param('upstream'));
      if (!target) {
        return c.json({ success: false, error: { code: 'NOT_FOUND', message: \`no upstream "\${c.req.param('upstream')}"\` } }, 404);
      }
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice(c.req.param('upstream').length + 1) || '/';
      return target.fetch(new Request(url, c.req.raw));
    });
  },
});
`,
    },
    testBindings: { UPSTREAMS: 'catalog' },
    tests: `describe('${name}', () => {
  it('answers for an unknown upstream with 404', async () => {
    const res = await mf.dispatchFetch('http://gateway/nowhere/api/x');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('is healthy with no upstream bound', async () => {
    const res = await mf.dispatchFetch('http://gateway/health');
    expect(res.status).toBe(200);
  });
});
`,
    kind: 'API gateway',
    about:
      'Add an upstream with `npx clodo add service-binding <service>` and list it in the `UPSTREAMS` var;\nrequests to `/<service>/…` are forwarded to it, and `/health` checks every upstream.',
  });
  return { files };
}

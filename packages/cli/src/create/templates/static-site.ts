import { type FileMap, type TemplateInput, serviceProject } from './shared.js';

export function staticSite(input: TemplateInput): { files: FileMap } {
  const { name } = input;
  const files = serviceProject(input, {
    config: { type: 'static' },
    src: {
      'src/pages.ts': `// Pages served by this site, by path. Replace with your own content.
export const pages: Record<string, string> = {
  '/': \`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${name}</title></head>
  <body><h1>${name}</h1><p>Served by Cloudflare Workers.</p></body>
</html>\`,
};
`,
      'src/index.ts': `import { createService } from '@clodo/services';
import { pages } from './pages.js';

export default createService({
  name: '${name}',
  version: '0.1.0',
  auth: false,
  routes: (app) => {
    app.get('*', (c) => {
      const page = pages[new URL(c.req.url).pathname];
      if (page === undefined) return c.html('<h1>Not found</h1>', 404);
      c.header('Cache-Control', 'public, max-age=300');
      return c.html(page);
    });
  },
});
`,
    },
    tests: `describe('${name}', () => {
  it('serves the home page as HTML', async () => {
    const res = await mf.dispatchFetch('http://site/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\\/html/);
    expect(await res.text()).toContain('<h1>${name}</h1>');
  });

  it('answers 404 for an unknown page', async () => {
    expect((await mf.dispatchFetch('http://site/missing')).status).toBe(404);
  });
});
`,
    kind: 'static site',
    about: 'Pages live in `src/pages.ts`.',
  });
  return { files };
}

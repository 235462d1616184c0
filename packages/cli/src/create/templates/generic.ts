import { type FileMap, type TemplateInput, serviceProject } from './shared.js';

export function generic(input: TemplateInput): { files: FileMap } {
  const { name } = input;
  const files = serviceProject(input, {
    config: { type: 'api' },
    src: {
      'src/index.ts': `import { createService } from '@clodo/services';

// A Worker with Clodo's request ids, error envelope, logging and /health; add routes below.
export default createService({
  name: '${name}',
  version: '0.1.0',
  auth: false,
  routes: (app) => {
    app.get('/hello', (c) => c.json({ success: true, data: { message: \`hello from ${name}\` } }));
  },
});
`,
    },
    tests: `describe('${name}', () => {
  it('says hello with a request id', async () => {
    const res = await mf.dispatchFetch('http://service/hello');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({ success: true, data: { message: 'hello from ${name}' } });
  });
});
`,
    kind: 'service',
    about: 'Routes are plain Hono handlers in `src/index.ts`.',
  });
  return { files };
}

import {
  ciWorkflow,
  configFile,
  type FileMap,
  gitignore,
  packageJson,
  readme,
  type TemplateInput,
  tsconfig,
  serviceTest,
  workerdHarness,
} from './shared.js';

export function generic(input: TemplateInput): { files: FileMap } {
  const { name } = input;
  const files: FileMap = {
    'package.json': packageJson(input),
    'clodo.config.ts': configFile({ name, type: 'api' }),
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
    'test/workerd.ts': workerdHarness({}),
    'test/service.test.ts': serviceTest(`describe('${name}', () => {
  it('says hello with a request id', async () => {
    const res = await mf.dispatchFetch('http://service/hello');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({ success: true, data: { message: 'hello from ${name}' } });
  });
});
`),
    'tsconfig.json': tsconfig(),
    '.gitignore': gitignore(),
    '.github/workflows/ci.yml': ciWorkflow(),
    'README.md': readme(name, 'service', 'Routes are plain Hono handlers in `src/index.ts`.'),
  };
  return { files };
}

// Runs inside a clean npm project where the packed @clodo tarballs are installed. Reads the PRODUCT §9
// expectations from framework-spec.json, imports every subpath, checks every name is the same class on
// every old path, then constructs each class and calls one real method. Prints one JSON report.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const spec = JSON.parse(await readFile(new URL('./framework-spec.json', import.meta.url), 'utf8'));
const report = { subpaths: {}, names: {}, checks: {} };
const specifier = (subpath) =>
  subpath === '.' ? '@clodo/framework' : `@clodo/framework/${subpath.slice(2)}`;

const modules = {};
for (const subpath of spec.subpaths) {
  try {
    modules[subpath] = await import(specifier(subpath));
    report.subpaths[subpath] = { ok: true, exports: Object.keys(modules[subpath]).length };
  } catch (error) {
    report.subpaths[subpath] = { ok: false, error: error.message };
  }
}

const classes = {};
for (const [name, paths] of Object.entries(spec.names)) {
  const found = paths.map((p) => modules[p]?.[name]);
  const first = found[0];
  const problems = paths.filter((_, i) => typeof found[i] !== 'function' || found[i] !== first);
  report.names[name] =
    problems.length === 0 ? { ok: true, paths } : { ok: false, missingOrDifferent: problems };
  if (typeof first === 'function') classes[name] = first;
}

const { convertV4MiniflareOptions, Miniflare } = await import('miniflare');
const mf = new Miniflare(
  convertV4MiniflareOptions({
    modules: true,
    script: 'export default { fetch() { return new Response("ok"); } }',
    d1Databases: ['DB'],
  }),
);
const db = await mf.getD1Database('DB');
const work = await mkdtemp(join(tmpdir(), 'clodo-framework-consumer-'));
const API_KEY = 'k_7d3e9a1f5b2c8e4a6d0f3b7c9e1a5d2f';

const { SchemaManager } = modules['./schema'];
const schema = new SchemaManager();
const people = schema.registerModel({
  name: 'people',
  fields: { email: { type: 'text', required: true, unique: true }, name: { type: 'text' } },
});
await schema.createTables(db);

// The service the testers run against: an EnhancedRouter over real D1, served on loopback.
const { EnhancedRouter } = modules['./routing'];
const router = new EnhancedRouter(db, { models: [people], auth: { apiKeys: { keys: [API_KEY] } } });
router.registerRoute('GET', '/health', () => Response.json({ status: 'ok' }));
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const response = await router.fetch(
    new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers, body }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const credentials = { apiKey: API_KEY };

const { FakeDeploymentSteps } = await import('@clodo/orchestration/testing');
const { MemoryApi, ScriptedRunner } = await import('@clodo/deployment/testing');
const { MemoryAuditSink } = modules['./deployment'];
const clock = { now: () => Date.now(), sleep: async () => {} };

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const checks = {
  async GenericDataService(C) {
    const service = new C(db, people);
    const created = await service.create({ email: 'gds@example.test' });
    expect((await service.read(String(created.id)))?.email === 'gds@example.test', 'read after create');
  },
  async SchemaManager(C) {
    const manager = new C();
    manager.registerModel({ name: 'tags', fields: { label: { type: 'text', required: true } } });
    expect((await manager.createTables(db)) > 0, 'createTables ran no statement');
  },
  async ModuleManager(C) {
    const worker = new C()
      .registerModule({
        name: 'stamp',
        onResponse: (r) => new Response(r.body, { status: r.status, headers: { 'x-stamp': '1' } }),
      })
      .createService({ name: 'modules-api', auth: false, logging: false });
    const res = await worker.fetch(new Request('http://x/health'));
    expect(res.status === 200 && res.headers.get('x-stamp') === '1', `module not applied: ${res.status}`);
  },
  async EnhancedRouter(C) {
    const r = new C();
    r.registerRoute('GET', '/hi/:who', (_req, params) => Response.json({ hi: params.who }));
    const body = await (await r.fetch(new Request('http://x/hi/ada'))).json();
    expect(body.hi === 'ada', 'route not answered');
  },
  async GenericRouteHandler(C) {
    const handler = new C(db, people);
    const res = await handler.handleCreate(
      new Request('http://x/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'grh@example.test' }),
      }),
    );
    expect(res.status === 201, `create answered ${res.status}`);
  },
  async WranglerDeployer(C) {
    const api = new MemoryApi();
    const runner = new ScriptedRunner([
      async () => {
        api.deploy('api-staging', 'ver-2', 'dep-2');
        return {
          outputs: [
            {
              type: 'deploy',
              version: 1,
              worker_name: 'api-staging',
              version_id: 'ver-2',
              targets: ['https://api-staging.example.workers.dev'],
            },
          ],
        };
      },
    ]);
    const auditor = new modules['./deployment'].DeploymentAuditor({ sink: new MemoryAuditSink(), clock });
    const result = await new C({ runner, api, auditor }).deploy({
      context: { deploymentId: 'run-1', service: 'api', environment: 'staging' },
      workerName: 'api-staging',
      configPath: join(work, 'wrangler.json'),
      cwd: work,
    });
    expect(result.versionId === 'ver-2', `deployed ${result.versionId}`);
  },
  async DeploymentValidator(C) {
    const report = await new C({ runner: new ScriptedRunner([]) }).validate({
      context: { deploymentId: 'run-2', service: 'api', environment: 'production' },
      target: { accountId: '0123456789abcdef0123456789abcdef', apiToken: 'token-from-env' },
      configPath: join(work, 'wrangler.json'),
      cwd: work,
      checkBundle: false,
      security: { secrets: { JWT_SECRET: 'changeme' } },
    });
    const flagged = report.findings.some(
      (f) => f.path?.includes('JWT_SECRET') && !f.message.includes('changeme'),
    );
    expect(
      report.ok === false && flagged,
      `a placeholder production secret passed: ${JSON.stringify(report)}`,
    );
  },
  async DeploymentAuditor(C) {
    const auditor = new C({ sink: new MemoryAuditSink(), clock });
    const context = { deploymentId: 'run-3', service: 'api', environment: 'staging' };
    await auditor.record({ ...context, step: 'deploy', outcome: 'started' });
    await auditor.record({ ...context, step: 'deploy', outcome: 'succeeded' });
    const records = await auditor.query({ deploymentId: 'run-3' });
    expect(records.length === 2 && records[1].seq > records[0].seq, 'records not kept in sequence');
  },
  async RollbackManager(C) {
    const api = new MemoryApi();
    api.deploy('api', 'ver-1', 'dep-1');
    api.deploy('api', 'ver-2', 'dep-2');
    const health = new modules['./deployment'].HealthChecker({ clock, attempts: 1 });
    const manager = new C({ runner: new ScriptedRunner([]), api, health });
    const history = await manager.history('api');
    expect(history[0]?.deploymentId === 'dep-2' && history[0]?.active === true, 'history not latest first');
  },
  async ApiTester(C) {
    const result = await new C({
      baseUrl,
      credentials,
      endpoints: [{ path: '/health' }, { path: '/api/people' }],
    }).run();
    expect(result.passed, JSON.stringify(result));
  },
  async AuthTester(C) {
    const result = await new C({ baseUrl, credentials, endpoints: [{ path: '/api/people' }] }).run();
    expect(result.passed, JSON.stringify(result));
  },
  async DatabaseTester(C) {
    const result = await new C({
      baseUrl,
      credentials,
      resource: { path: '/api/people', create: { email: 'dbt@example.test' }, update: { name: 'Probe' } },
    }).run();
    expect(result.passed, JSON.stringify(result));
  },
  async PerformanceTester(C) {
    const result = await new C({
      baseUrl,
      credentials,
      endpoints: [{ path: '/api/people' }],
      samples: 10,
      warmup: 1,
    }).run();
    expect(result.passed && result.endpoints[0].samples === 10, JSON.stringify(result));
  },
  async LoadTester(C) {
    const result = await new C({
      baseUrl,
      credentials,
      request: { path: '/health' },
      connections: 2,
      maxRequests: 50,
    }).run();
    expect(result.requests.completed === 50 && result.errorRate === 0, JSON.stringify(result.requests));
  },
  async ProductionTester(C) {
    const result = await new C({
      baseUrl,
      credentials,
      api: { endpoints: [{ path: '/health' }] },
      performance: { endpoints: [{ path: '/health' }], samples: 5 },
      reports: { dir: join(work, 'reports') },
    }).run();
    expect(result.exitCode === 0, JSON.stringify(result));
    await readFile(join(work, 'reports', 'clodo-test-report.json'), 'utf8');
  },
  async ServiceCreator(C) {
    const created = await new C({ cwd: work }).createService('consumer-api', { type: 'generic' });
    expect(created.files.includes('src/index.ts'), `files: ${created.files}`);
  },
  async ServiceInitializer(C) {
    const dir = join(work, 'legacy-worker');
    await mkdir(join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'src', 'index.js'), 'export default { fetch: () => new Response("ok") };\n');
    const result = await new C().initialize(dir);
    const wrangler = JSON.parse(await readFile(join(dir, 'wrangler.json'), 'utf8'));
    expect(
      result.name === 'legacy-worker' && wrangler.main === 'src/index.js',
      'wrangler.json not generated',
    );
  },
  async SecurityCLI(C) {
    const keys = new C().generateKeys(['api']);
    expect(typeof keys.api === 'object' && Object.keys(keys.api).length > 0, 'no keys generated');
  },
  async BaseDeploymentOrchestrator(C) {
    const result = await new C().execute();
    expect(result.status === 'succeeded', result.status);
  },
  async SingleServiceOrchestrator(C) {
    const steps = new FakeDeploymentSteps();
    const result = await new C({ steps, unit: { service: 'api', environment: 'staging' } }).execute();
    expect(result.status === 'succeeded' && steps.calls.some((c) => c.step === 'deploy'), result.status);
  },
  async PortfolioOrchestrator(C) {
    const steps = new FakeDeploymentSteps();
    const result = await new C({
      steps,
      environment: 'staging',
      services: [{ service: 'auth' }, { service: 'api', dependsOn: ['auth'] }],
    }).execute();
    const deploys = steps.calls.filter((c) => c.step === 'deploy').map((c) => c.unit);
    const inOrder = deploys.join() === 'auth:staging,api:staging';
    expect(result.status === 'succeeded' && inOrder, `${result.status} ${JSON.stringify(deploys)}`);
  },
  async EnterpriseOrchestrator(C) {
    const result = await new C({
      steps: new FakeDeploymentSteps(),
      services: [{ service: 'api' }],
      environments: ['dev', 'staging'],
      productionEnvironments: [],
    }).execute();
    expect(result.status === 'succeeded', result.status);
  },
  async UnifiedDeploymentOrchestrator(C) {
    const result = await new C({ steps: new FakeDeploymentSteps() }).execute({
      services: [{ service: 'api' }],
      environment: 'staging',
    });
    expect(result.status === 'succeeded' && result.mode === 'single', `${result.mode} ${result.status}`);
  },
};

for (const name of Object.keys(spec.names)) {
  const check = checks[name];
  if (!classes[name]) report.checks[name] = { ok: false, error: 'not importable' };
  else if (!check) report.checks[name] = { ok: false, error: 'no working check written for this name' };
  else {
    try {
      await check(classes[name]);
      report.checks[name] = { ok: true };
    } catch (error) {
      report.checks[name] = { ok: false, error: error.message.slice(0, 2000) };
    }
  }
}

// The seed scenario of the issue, exactly as a user writes it.
try {
  const { BaseDeploymentOrchestrator } = await import('@clodo/framework/deployment/orchestration');
  const ran = [];
  class MyOrchestrator extends BaseDeploymentOrchestrator {
    async onDeploy() {
      ran.push('onDeploy');
    }
  }
  const result = await new MyOrchestrator().execute();
  report.seed = {
    ok: ran.join() === 'onDeploy' && result.status === 'succeeded',
    ran,
    status: result.status,
  };
} catch (error) {
  report.seed = { ok: false, error: error.message };
}

server.close();
await mf.dispose();
await rm(work, { recursive: true, force: true });
console.log(JSON.stringify(report));

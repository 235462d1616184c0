import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End to end: the built `clodo` as a subprocess, a project scaffolded with `clodo create`, the real
// emulator daemon and real wrangler. Every output is collected and searched for the seeded secrets.
const pkg = join(import.meta.dirname, '../..');
const bin = join(pkg, 'dist/bin.js');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/deploy-'));
const apiKey = `k_${randomBytes(24).toString('hex')}`;
const seed = `s_${randomBytes(24).toString('hex')}`;
const outputs: string[] = [];

function clodo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

// A parsed JSON document, read loosely: the assertions check its shape.
// biome-ignore lint/suspicious/noExplicitAny: test access to parsed JSON
type Doc = any;

async function json(...args: string[]) {
  const res = await clodo(...args, '--json');
  let doc: Doc;
  try {
    doc = JSON.parse(res.stdout);
  } catch {
    throw new Error(
      `clodo ${args.join(' ')} --json: stdout is not one JSON document:\n${res.stdout}\n${res.stderr}`,
    );
  }
  return { ...res, doc };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

const storeSource = () => join(work, 'services/store/src/index.ts');

beforeAll(async () => {
  for (const [name, type] of [
    ['store', 'data-service'],
    ['edge', 'generic'],
  ] as const) {
    const res = await clodo('create', name, '--type', type, '--dir', `services/${name}`, '--yes');
    expect(res.code, res.stderr).toBe(0);
  }
  writeFileSync(
    join(work, 'clodo.config.json'),
    JSON.stringify({
      account: { id: '0123456789abcdef0123456789abcdef', apiTokenEnv: 'E2E_CF_TOKEN' },
      environments: { development: { target: 'local' }, production: { target: 'cloudflare' } },
      services: [
        {
          name: 'store',
          path: 'services/store',
          features: { d1: [{ binding: 'DB' }] },
          auth: { type: 'api-key', secret: 'API_KEY' },
        },
        { name: 'edge', path: 'services/edge', dependsOn: ['store'] },
      ],
    }),
  );
  writeFileSync(join(work, 'services/store/.dev.vars'), `API_KEY=${apiKey}\nSEED_TOKEN=${seed}\n`, {
    mode: 0o600,
  });
}, 120_000);

afterAll(async () => {
  await clodo('emulator', 'stop');
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('clodo deploy, status, rollback, audit and test against the real emulator', () => {
  it('plans a dry run with no emulator and changes nothing', async () => {
    const { code, doc } = await json('deploy', '--dry-run');
    expect(code).toBe(0);
    expect(doc).toMatchObject({ ok: true, dryRun: true, environment: 'development', target: 'local' });
    const plan = (doc.plan as { description: string }[]).map((c) => c.description);
    expect(
      plan.some((d) =>
        /^wrangler deploy --config .*store-development\.json --name store-development/.test(d),
      ),
    ).toBe(true);
    expect(plan.some((d) => /^wrangler d1 migrations apply store-development --remote/.test(d))).toBe(true);
    expect(existsSync(join(work, '.clodo/wrangler'))).toBe(false);
  }, 60_000);

  it('says how to start the emulator, or which token variable is missing (exit 1, one line)', async () => {
    const res = await clodo('deploy');
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/emulator not running .*clodo emulator start/);
    const cloud = await clodo('deploy', '--target', 'cloudflare');
    expect(cloud.code).toBe(1);
    expect(cloud.stderr.trim().split('\n')).toHaveLength(1);
    expect(cloud.stderr).toMatch(/environment variable E2E_CF_TOKEN is not set/);
  }, 60_000);

  let first: Doc;
  it('deploys the portfolio in dependency order with migrations and secrets', async () => {
    expect((await clodo('emulator', 'start')).code).toBe(0);
    const { code, doc, stderr } = await json('deploy');
    expect(code, JSON.stringify(doc)).toBe(0);
    expect(stderr).toBe('');
    expect(doc).toMatchObject({ ok: true, status: 'succeeded', summary: { total: 2, succeeded: 2 } });
    expect(doc.units.map((u: { service: string }) => u.service)).toEqual(['store', 'edge']);
    for (const u of doc.units) {
      expect(u.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(u.versionId).toMatch(/\S/);
    }
    expect(doc.units[0].steps).toEqual(expect.arrayContaining(['migrate', 'secrets', 'deploy', 'health']));
    first = doc;
    const items = await fetch(`${doc.units[0].url}/api/items`);
    expect(items.status).toBe(200);
    const write = await fetch(`${doc.units[0].url}/api/items`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Lamp', sku: 'LAMP-1', price: 3 }),
    });
    expect(write.status).toBe(201);
  }, 240_000);

  it('shows what is live: version, URL, health', async () => {
    const { code, doc } = await json('status');
    expect(code).toBe(0);
    expect(doc.units).toEqual([
      expect.objectContaining({
        service: 'store',
        deployed: true,
        healthy: true,
        versionId: first.units[0].versionId,
      }),
      expect.objectContaining({
        service: 'edge',
        deployed: true,
        healthy: true,
        versionId: first.units[1].versionId,
      }),
    ]);
    const human = await clodo('status');
    expect(human.stdout).toMatch(/store .* healthy/);
  }, 60_000);

  let brokenRun: string;
  it('rolls a release whose health check fails back to the previous version (exit 1)', async () => {
    const original = readFileSync(storeSource(), 'utf8');
    writeFileSync(
      storeSource(),
      original.replace(
        "version: '0.1.0',",
        "version: '0.2.0',\n  healthChecks: [{ name: 'broken', critical: true, run() { throw new Error('broken'); } }],",
      ),
    );
    let res: Awaited<ReturnType<typeof json>>;
    try {
      res = await json('deploy', '--service', 'store');
    } finally {
      writeFileSync(storeSource(), original);
    }
    expect(res.code).toBe(1);
    expect(res.doc).toMatchObject({ ok: false, status: 'rolled-back' });
    expect(res.doc.units[0]).toMatchObject({
      service: 'store',
      state: 'failed',
      previousVersionId: first.units[0].versionId,
    });
    expect(res.doc.compensations).toEqual([expect.objectContaining({ state: 'succeeded' })]);
    brokenRun = res.doc.deploymentId;
    const { doc } = await json('status', '--service', 'store');
    expect(doc.units[0]).toMatchObject({ versionId: first.units[0].versionId, healthy: true });
    const human = await clodo('deploy', '--service', 'store', '--policy', 'bogus');
    expect(human.code).toBe(2);
  }, 240_000);

  it('lists the runs and prints the records of the rolled-back one', async () => {
    const list = await json('audit');
    expect(list.code).toBe(0);
    const runs = list.doc.runs as { deploymentId: string; status: string }[];
    expect(runs[0]).toMatchObject({ deploymentId: brokenRun, status: 'rolled-back' });
    expect(runs.map((r) => r.deploymentId)).toContain(first.deploymentId);
    const one = await json('audit', '--run', brokenRun);
    const steps = (one.doc.records as { step: string; outcome: string }[]).map(
      (r) => `${r.step}:${r.outcome}`,
    );
    expect(steps).toEqual(
      expect.arrayContaining(['deploy:succeeded', 'health:succeeded', 'rollback:succeeded']),
    );
    const seqs = (one.doc.records as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const missing = await clodo('audit', '--run', 'dep-nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no audit records for run "dep-nope"/);
  }, 60_000);

  it('rolls back on request to the version before the live one', async () => {
    const redeploy = await json('deploy', '--service', 'edge');
    expect(redeploy.code).toBe(0);
    const second = redeploy.doc.units[0].versionId;
    expect(second).not.toBe(first.units[1].versionId);
    const { code, doc } = await json('rollback', '--service', 'edge');
    expect(code, JSON.stringify(doc)).toBe(0);
    expect(doc.units[0]).toMatchObject({
      ok: true,
      fromVersionId: second,
      toVersionId: first.units[1].versionId,
    });
    const status = await json('status', '--service', 'edge');
    expect(status.doc.units[0]).toMatchObject({ versionId: first.units[1].versionId, healthy: true });
  }, 240_000);

  it('runs the production suite against the deployed URLs and writes the reports', async () => {
    const { code, doc } = await json('test', '--suite', 'api,auth,database', '--report-dir', 'reports');
    expect(code, JSON.stringify(doc)).toBe(0);
    expect(doc.units.map((u: { name: string }) => u.name)).toEqual(['store', 'edge']);
    const store = doc.units[0];
    for (const format of ['json', 'junit', 'html']) expect(existsSync(store.reports[format])).toBe(true);
    expect(store.reports.html).toBe(join(work, 'reports/store/clodo-test-report.html'));
  }, 120_000);

  it('answers usage errors with exit 2 and one line, never a stack trace', async () => {
    const cases = [
      ['deploy', '--env', 'nope'],
      ['deploy', '--service', 'ghost'],
      ['deploy', '--concurrency', '0'],
      ['status', '--target', 'aws'],
      ['rollback', '--to', 'v1'],
      ['audit', '--limit', '0'],
      ['test', '--suite', 'api,fuzz'],
      ['test', '--url', 'ftp://x'],
      ['deploy', '--env', 'production'],
    ];
    for (const args of cases) {
      const res = await clodo(...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
    const json2 = await clodo('deploy', '--env', 'nope', '--json');
    expect(JSON.parse(json2.stdout)).toMatchObject({ ok: false });
  }, 120_000);

  it('answers --help for every new command', async () => {
    for (const command of ['deploy', 'status', 'rollback', 'audit', 'test']) {
      const res = await clodo(command, '--help');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Usage: clodo ${command}`));
    }
  }, 60_000);

  it('never printed or stored a secret value', () => {
    const stored = [
      ...filesUnder(join(work, '.clodo/audit')),
      ...filesUnder(join(work, '.clodo/runs')),
      ...filesUnder(join(work, 'reports')),
    ];
    expect(stored.length).toBeGreaterThan(3);
    for (const secret of [apiKey, seed]) {
      for (const text of outputs) expect(text.includes(secret)).toBe(false);
      for (const file of stored) expect(readFileSync(file, 'utf8').includes(secret), file).toBe(false);
    }
  });
});

// `pnpm demo` (via tools/demo.mjs): the whole product on a fresh clone, with no credentials and no
// network. Scaffolds a three-service portfolio into apps/demo with the built `clodo`, validates it,
// deploys it to the local emulator with real wrangler (migrations and secrets), runs the production
// tests against the deployed URLs, deploys a broken release of one service and shows the automatic
// rollback, then stops everything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const demo = import.meta.dirname;
const root = join(demo, '..', '..');
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');
const tty = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env);
const paint = (code) => (text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const red = paint('31');
const yellow = paint('33');

const SERVICES = [
  { name: 'catalog', type: 'data-service', about: 'items in D1, API-key writes' },
  { name: 'accounts', type: 'auth-service', about: 'users in D1, JWTs for an API key' },
  { name: 'gateway', type: 'api-gateway', about: 'forwards to both through service bindings' },
];

const started = Date.now();
const timings = [];
let current;
let interrupted = false;
const rel = (p) => relative(process.cwd(), p) || '.';
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

if (!existsSync(bin)) {
  console.error(`${red('error')} ${rel(bin)} is missing: build first (pnpm demo does: turbo run build)`);
  process.exit(1);
}

/** Runs the built CLI in apps/demo, streaming its output indented; resolves to { code, stdout }. */
function clodo(args, { json = false, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CLODO_DEMO: '1' };
    if (tty) env.FORCE_COLOR = '1';
    const child = spawn(process.execPath, [bin, ...args, ...(json ? ['--json'] : [])], {
      cwd: demo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    let stdout = '';
    let stderr = '';
    const echo = (chunk) => {
      if (quiet) return;
      for (const line of String(chunk).split('\n')) if (line !== '') process.stdout.write(`     ${line}\n`);
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!json) echo(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      echo(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      current = undefined;
      resolve({ code: code ?? (signal ? 130 : 1), stdout, stderr });
    });
  });
}

async function clodoJson(args) {
  const { code, stdout } = await clodo(args, { json: true });
  try {
    return { code, doc: JSON.parse(stdout) };
  } catch {
    throw new Error(`clodo ${args.join(' ')} printed no JSON (exit ${code})`);
  }
}

async function step(title, body) {
  if (interrupted) throw new Error('interrupted');
  const n = timings.length + 1;
  console.log(`\n${bold(`${n}. ${title}`)}`);
  const t0 = Date.now();
  try {
    const note = await body();
    timings.push({ n, title, ms: Date.now() - t0, ok: true });
    console.log(`   ${green('✓')} ${note ?? 'done'} ${dim(`(${secs(Date.now() - t0)})`)}`);
  } catch (error) {
    timings.push({ n, title, ms: Date.now() - t0, ok: false });
    console.log(`   ${red('✗')} ${error.message}`);
    throw error;
  }
}

function must({ code, stderr = '' }, what, expected = 0) {
  if (code === expected) return;
  const why = stderr.trim().split('\n').at(-1);
  throw new Error(`${what} exited ${code} (expected ${expected})${why ? `: ${why}` : ''}`);
}

function onSignal(signal) {
  interrupted = true;
  console.log(`\n${yellow(`${signal}: stopping after the current step and cleaning up…`)}`);
  // A kill aimed at this process alone still reaches the running command (deploy undoes its changes).
  current?.kill(signal);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const secretValues = [];
const devVars = (vars) => {
  for (const v of Object.values(vars)) secretValues.push(v);
  return `${Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
};
const secret = (bytes) => randomBytes(bytes).toString('base64url');
const catalogDir = join(demo, 'services', 'catalog');
const catalogSource = join(catalogDir, 'src', 'index.ts');
let catalogKey;
let workers = {};
let brokenRun;
let reports = [];
let previousVersion;
let ok = false;

try {
  console.log(bold('Clodo demo: scaffold → validate → deploy → test → broken release → automatic rollback'));
  console.log(
    dim(`project: ${rel(demo)} · target: the local emulator (real wrangler, workerd) · no network`),
  );

  await step('Stop anything left from an earlier run and start clean', async () => {
    // Only an interrupted earlier run leaves an emulator behind; skip the CLI start-up otherwise.
    if (existsSync(join(demo, '.clodo', 'emulator', 'emulator.json'))) {
      await clodo(['emulator', 'stop'], { quiet: true });
    }
    for (const dir of ['services', '.clodo', 'reports'])
      rmSync(join(demo, dir), { recursive: true, force: true });
    return `cleared ${rel(demo)}/{services,.clodo,reports}`;
  });

  await step('Scaffold the portfolio with `clodo create`', async () => {
    for (const s of SERVICES) {
      must(
        await clodo(['create', s.name, '--type', s.type, '--dir', `services/${s.name}`, '--yes'], {
          quiet: true,
        }),
        `create ${s.name}`,
      );
      console.log(`     ${s.name.padEnd(9)} ${s.type.padEnd(13)} ${dim(s.about)}`);
    }
    // Local secrets, as a developer keeps them: .dev.vars, mode 0600, never printed.
    catalogKey = secret(32);
    writeFileSync(join(catalogDir, '.dev.vars'), devVars({ API_KEY: catalogKey }), { mode: 0o600 });
    writeFileSync(
      join(demo, 'services', 'accounts', '.dev.vars'),
      devVars({ API_KEY: secret(32), JWT_SECRET: secret(48) }),
      { mode: 0o600 },
    );
    return `3 services in ${rel(join(demo, 'services'))}; portfolio config ${rel(join(demo, 'clodo.config.ts'))} (gateway dependsOn catalog, accounts); secrets in .dev.vars`;
  });

  await step('Validate the configuration and the security rules', async () => {
    must(await clodo(['validate', '--env', 'development']), 'clodo validate');
    return 'configuration valid, no blocking finding';
  });

  await step('Start the local Cloudflare emulator', async () => {
    must(await clodo(['emulator', 'start']), 'clodo emulator start');
    return 'running in the background';
  });

  await step('Deploy the portfolio (D1 migrations, secrets, health checks) in dependency order', async () => {
    must(await clodo(['deploy', '--env', 'development']), 'clodo deploy');
    const { doc } = await clodoJson(['status']);
    workers = Object.fromEntries(doc.units.map((u) => [u.service, u]));
    if (!doc.units.every((u) => u.deployed && u.healthy))
      throw new Error('not every service is live and healthy');
    return 'catalog and accounts first, then the gateway: all live and healthy';
  });

  await step('Use it: through the gateway to the catalog (service binding, D1, API key)', async () => {
    const base = `${workers.gateway.url}/catalog/api/items`;
    const denied = await fetch(base, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    console.log(`     POST <gateway>/catalog/api/items without a key  → ${denied.status}`);
    const created = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': catalogKey },
      body: JSON.stringify({ name: 'Desk lamp', sku: 'LAMP-001', price: 39.5 }),
    });
    console.log(`     POST <gateway>/catalog/api/items with the key   → ${created.status}`);
    const list = await (await fetch(base)).json();
    console.log(
      `     GET  <gateway>/catalog/api/items                → ${list.pagination?.total ?? list.data?.length} item(s)`,
    );
    if (denied.status !== 401 || created.status !== 201)
      throw new Error('the gateway did not answer as expected');
    return `gateway ${workers.gateway.url} → catalog ${workers.catalog.url}`;
  });

  await step('Run the production test suite against the deployed URLs', async () => {
    const result = await clodo(['test', '--env', 'development', '--report-dir', 'reports']);
    must(result, 'clodo test');
    reports = SERVICES.map((s) => join(demo, 'reports', s.name, 'clodo-test-report.html')).filter((p) =>
      existsSync(p),
    );
    return `${reports.length} HTML reports (also JSON and JUnit XML)`;
  });

  await step('Deploy a deliberately broken catalog release (its /health answers 503)', async () => {
    previousVersion = workers.catalog.versionId;
    const original = readFileSync(catalogSource, 'utf8');
    const broken = original.replace(
      "version: '0.1.0',",
      "version: '0.2.0',\n  healthChecks: [{ name: 'release', critical: true, run() { throw new Error('deliberately broken release'); } }],",
    );
    if (broken === original) throw new Error(`could not find the version line in ${rel(catalogSource)}`);
    writeFileSync(catalogSource, broken);
    let result;
    try {
      result = await clodo(['deploy', '--env', 'development', '--service', 'catalog']);
    } finally {
      writeFileSync(catalogSource, original);
    }
    must(result, 'the broken deploy', 1);
    const { doc } = await clodoJson(['audit', '--limit', '1']);
    brokenRun = doc.runs[0];
    if (brokenRun?.status !== 'rolled-back')
      throw new Error(`run ${brokenRun?.deploymentId} is ${brokenRun?.status}, not rolled-back`);
    return `run ${brokenRun.deploymentId}: failed its health check and was rolled back (exit 1, as CI would see it)`;
  });

  await step('Prove the rollback: the live catalog is the previous version and healthy', async () => {
    const { doc } = await clodoJson(['status', '--service', 'catalog']);
    const live = doc.units[0];
    const health = await fetch(`${live.url}/health`);
    const body = await health.json();
    console.log(`     version before the broken release: ${previousVersion}`);
    console.log(`     live version now:                  ${live.versionId}`);
    console.log(`     GET /health → ${health.status} (${body.status ?? ''}, release ${body.version ?? '?'})`);
    if (live.versionId !== previousVersion || !live.healthy || health.status !== 200) {
      throw new Error('the previous version is not the one serving');
    }
    const { doc: audit } = await clodoJson(['audit', '--run', brokenRun.deploymentId]);
    // The deployer's and the rollback manager's own records (they name the worker), and the run's.
    const shown = audit.records.filter(
      (r) =>
        r.outcome !== 'started' &&
        (r.step === 'health' ||
          r.step === 'run' ||
          (['deploy', 'rollback'].includes(r.step) && r.details.worker)),
    );
    for (const r of shown) {
      const detail =
        r.step === 'health'
          ? `status ${r.details.status}`
          : r.step === 'rollback'
            ? `${r.details.fromVersionId} → ${r.details.toVersionId}`
            : r.step === 'deploy'
              ? `version ${r.details.versionId}`
              : `run ${r.details.status ?? r.outcome}`;
      console.log(
        `     audit #${String(r.seq).padEnd(4)} ${r.step.padEnd(9)} ${r.outcome.padEnd(10)} ${dim(detail)}`,
      );
    }
    return 'same version as before the broken release, /health 200';
  });
  ok = true;
} catch (error) {
  if (!interrupted) console.log(`\n${red('demo failed:')} ${error.message}`);
} finally {
  const t0 = Date.now();
  const stop = await clodo(['emulator', 'stop'], { quiet: true }).catch(() => ({ code: 1 }));
  const { doc: after } = await clodoJson(['emulator', 'status']).catch(() => ({ doc: { running: true } }));
  timings.push({
    n: timings.length + 1,
    title: 'Stop the emulator',
    ms: Date.now() - t0,
    ok: stop.code === 0 && !after.running,
  });
  console.log(
    `\n${bold(`${timings.length}. Stop the emulator`)}\n   ${after.running ? red('✗ still running') : green('✓ stopped; nothing left running')}`,
  );
}

// Secret values never reach output: the demo only ever held them in memory and .dev.vars.
const total = Date.now() - started;
console.log(`\n${bold('Summary')}`);
for (const t of timings)
  console.log(
    `  ${t.ok ? green('✓') : red('✗')} ${String(t.n).padStart(2)}. ${t.title.padEnd(88)} ${secs(t.ms).padStart(6)}`,
  );
console.log(`  total ${secs(total)}`);
if (reports.length) {
  console.log(`\n${bold('HTML test reports')}`);
  for (const r of reports) console.log(`  ${r}`);
}
console.log(
  `\n${bold('Audit log')}  ${join(demo, '.clodo', 'audit')}  ${dim('(clodo audit, clodo audit --run <id>; run from apps/demo)')}`,
);
if (brokenRun) console.log(`${bold('Rolled-back run')}  ${brokenRun.deploymentId}`);
console.log(ok ? green('\nDemo complete.') : red('\nDemo did not complete.'));
process.exitCode = ok ? 0 : interrupted ? 130 : 1;

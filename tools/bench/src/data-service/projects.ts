import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '@clodo/config/loader';
import { generateWranglerConfig } from '@clodo/config/wrangler';

const execFileAsync = promisify(execFile);

/** Runs a Node tool with the current Node; a failure names the tool and its last lines of output. */
async function runTool(
  what: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  try {
    await execFileAsync(process.execPath, args, { ...options, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string; message: string };
    const lines = `${out.stderr ?? ''}\n${out.stdout ?? ''}`.split('\n').filter((l) => l.trim() !== '');
    throw new Error(`${what} failed: ${lines.slice(-4).join(' | ') || out.message}`);
  }
}

/** A worker bundled by `wrangler deploy --dry-run --outdir`, as it would be uploaded. */
export interface WorkerBundle {
  label: string;
  /** The project wrangler was run in (its `migrations/` for the generated one). */
  projectDir: string;
  /** The main module wrangler wrote. */
  mainModule: string;
  /** Sum over the uploaded modules (source maps and the README wrangler adds are not uploaded). */
  bytes: number;
  gzipBytes: number;
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
}

export interface BenchProjects {
  generated: WorkerBundle;
  handWritten: WorkerBundle;
}

export const SERVICE_NAME = 'bench-items';

interface WranglerJson {
  name: string;
  main: string;
  compatibility_date: string;
  compatibility_flags: string[];
  vars: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The generated data service, exactly as `clodo create --type data-service` writes it (the built CLI is run),
 * with the wrangler.json `clodo deploy` would generate for it; and the hand-written baseline, given the same
 * compatibility settings. Both are bundled by wrangler's dry run.
 */
export async function prepareProjects(root: string, workDir: string): Promise<BenchProjects> {
  const benchModules = join(root, 'tools/bench/node_modules');
  const generatedDir = join(workDir, 'generated');
  await runTool(
    'clodo create --type data-service',
    [
      join(root, 'packages/cli/dist/bin.js'),
      'create',
      SERVICE_NAME,
      '--type',
      'data-service',
      '--dir',
      generatedDir,
      '--yes',
    ],
    { cwd: workDir, env: { ...process.env, NO_COLOR: '1' } },
  );
  // The generated package.json names the @clodo packages; the workspace's builds stand in for `npm install`.
  symlinkSync(benchModules, join(generatedDir, 'node_modules'), 'dir');
  const { config } = await loadConfig({ cwd: generatedDir });
  const service = config.services[0];
  if (!service) throw new Error('the generated project declares no service');
  const generatedConfig = generateWranglerConfig(config, {
    service: service.name,
    environment: 'production',
  }) as unknown as WranglerJson;
  writeFileSync(join(generatedDir, 'wrangler.json'), `${JSON.stringify(generatedConfig, null, 2)}\n`);

  const handDir = join(workDir, 'hand-written');
  mkdirSync(handDir, { recursive: true });
  const handConfig: WranglerJson = {
    name: `${SERVICE_NAME}-baseline`,
    main: join(import.meta.dirname, 'hand-written-worker.ts'),
    compatibility_date: generatedConfig.compatibility_date,
    compatibility_flags: generatedConfig.compatibility_flags,
    vars: generatedConfig.vars,
    d1_databases: [{ binding: 'DB', database_name: `${SERVICE_NAME}-baseline` }],
  };
  writeFileSync(join(handDir, 'wrangler.json'), `${JSON.stringify(handConfig, null, 2)}\n`);

  const [generated, handWritten] = await Promise.all([
    dryRun(root, 'generated data service', generatedDir, generatedConfig, join(workDir, 'out-generated')),
    dryRun(root, 'hand-written Hono + D1', handDir, handConfig, join(workDir, 'out-hand-written')),
  ]);
  return { generated, handWritten };
}

async function dryRun(
  root: string,
  label: string,
  projectDir: string,
  config: WranglerJson,
  outDir: string,
): Promise<WorkerBundle> {
  const wrangler = join(root, 'tools/bench/node_modules/wrangler/bin/wrangler.js');
  await runTool(
    `wrangler deploy --dry-run (${label})`,
    [wrangler, 'deploy', '--dry-run', '--outdir', outDir],
    {
      cwd: projectDir,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_LOG_PATH: join(outDir, '..', 'wrangler-logs'),
        NO_COLOR: '1',
      },
    },
  );
  const modules = readdirSync(outDir).filter((f) => /\.(m?js|wasm)$/.test(f));
  // wrangler names the main module after the entry file (`src/index.ts` becomes `index.js`).
  const entry = basename(config.main).replace(/\.[cm]?[jt]s$/, '');
  const mainName = modules.find((f) => f.replace(/\.m?js$/, '') === entry);
  if (!mainName) throw new Error(`wrangler wrote no ${entry}.js for the ${label} into ${outDir}`);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of modules) {
    const content = readFileSync(join(outDir, file));
    bytes += content.byteLength;
    gzipBytes += gzipSync(content).byteLength;
  }
  return {
    label,
    projectDir,
    mainModule: join(outDir, mainName),
    bytes,
    gzipBytes,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    vars: config.vars,
  };
}

/**
 * Runs `use` with freshly generated and bundled projects in a temporary directory, removed afterwards
 * whatever happens (so test runs that end their workers abruptly leave nothing behind).
 */
export async function withBenchProjects<T>(
  root: string,
  use: (projects: BenchProjects) => Promise<T>,
): Promise<T> {
  const workDir = mkdtempSync(join(tmpdir(), 'clodo-bench-data-service-'));
  try {
    return await use(await prepareProjects(root, workDir));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Inputs every template receives. */
export interface TemplateInput {
  name: string;
  /** Versions of the @clodo packages of this release, e.g. `{ '@clodo/services': '0.1.0' }`. */
  versions: Record<string, string>;
}

export type FileMap = Record<string, string>;

/** Toolchain versions a generated project pins (the ones this release is tested with). */
export const TOOLCHAIN = {
  wrangler: '4.164.0',
  vitest: '4.1.12',
  miniflare: '5.20261117.0-beta',
  esbuild: '0.28.2',
  typescript: '5.9.3',
} as const;

const range = (input: TemplateInput, pkg: string) => `^${input.versions[pkg] ?? '0.1.0'}`;

function packageJson(input: TemplateInput, extraDeps: Record<string, string> = {}): string {
  const manifest = {
    name: input.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'clodo dev',
      test: 'vitest run',
      validate: 'clodo validate',
      'db:generate': 'clodo db generate',
      deploy: 'clodo deploy',
    },
    dependencies: { '@clodo/services': range(input, '@clodo/services'), ...extraDeps },
    devDependencies: {
      '@clodo/cli': range(input, '@clodo/cli'),
      '@clodo/config': range(input, '@clodo/config'),
      esbuild: TOOLCHAIN.esbuild,
      miniflare: TOOLCHAIN.miniflare,
      typescript: TOOLCHAIN.typescript,
      vitest: TOOLCHAIN.vitest,
      wrangler: TOOLCHAIN.wrangler,
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export interface ConfigTemplate {
  name: string;
  type: 'api' | 'static';
  d1?: boolean;
  auth?: 'api-key' | 'jwt' | 'none';
  vars?: Record<string, string>;
}

/** A `clodo.config.ts` for one service; the account id is a placeholder until `clodo` is pointed at Cloudflare. */
function configFile(c: ConfigTemplate): string {
  const features = c.d1 ? `\n      features: { d1: [{ binding: 'DB' }] },` : '';
  const auth =
    c.auth === 'api-key'
      ? `\n      auth: { type: 'api-key', secret: 'API_KEY' },`
      : c.auth === 'jwt'
        ? `\n      auth: { type: 'jwt', secret: 'JWT_SECRET', issuer: '${c.name}' },`
        : '';
  const vars = c.vars ? `\n      vars: ${JSON.stringify(c.vars)},` : '';
  return `import { defineConfig } from '@clodo/config';

export default defineConfig({
  // Your Cloudflare account id (32 hex); the API token is read from the named environment variable.
  account: { id: '00000000000000000000000000000000', apiTokenEnv: 'CLOUDFLARE_API_TOKEN' },
  environments: {
    development: { target: 'local' },
    staging: { target: 'cloudflare' },
    production: { target: 'cloudflare' },
  },
  services: [
    {
      name: '${c.name}',
      path: '.',
      type: '${c.type}',${features}${auth}${vars}
    },
  ],
});
`;
}

function gitignore(): string {
  return ['node_modules/', 'dist/', '.wrangler/', '.clodo/', '.dev.vars', '*.log', ''].join('\n');
}

function tsconfig(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2023',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
        lib: ['ES2023', 'WebWorker'],
      },
      include: ['src', 'test'],
    },
    null,
    2,
  )}\n`;
}

function ciWorkflow(): string {
  return `name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npm install
      - run: npx clodo validate
      - run: npm test
`;
}

/**
 * The workerd test harness: bundles src/index.ts with esbuild and serves it from Miniflare with the
 * bindings the project's clodo.config.ts declares for development (so `clodo add` never has to edit it),
 * every D1 database migrated from its migrations folder. `bindings` are test-only values (keys, secrets).
 */
function workerdHarness(bindings: Record<string, string>): string {
  return `import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '@clodo/config/loader';
import { generateWranglerConfig } from '@clodo/config/wrangler';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';

const root = join(import.meta.dirname, '..');

/** Runs this service inside workerd, as Cloudflare would, with the bindings clodo.config.ts declares. */
export async function startService(): Promise<Miniflare> {
  const { config, file } = await loadConfig({ cwd: root });
  const service = config.services.find((s) => resolve(file, '..', s.path) === root) ?? config.services[0]!;
  const wrangler = generateWranglerConfig(config, { service: service.name, environment: 'development' });
  const bundle = await build({
    entryPoints: [join(root, service.main)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser', 'import'],
    write: false,
  });
  // Miniflare 5 takes a list of workers; the converter accepts the single-worker form.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: bundle.outputFiles[0]!.text,
      compatibilityDate: wrangler.compatibility_date,
      compatibilityFlags: wrangler.compatibility_flags,
      bindings: { ...wrangler.vars, ...${JSON.stringify(bindings)} },
      d1Databases: wrangler.d1_databases.map((d) => d.binding),
      kvNamespaces: wrangler.kv_namespaces.map((k) => k.binding),
      r2Buckets: wrangler.r2_buckets.map((r) => r.binding),
      queueProducers: Object.fromEntries(wrangler.queues.producers.map((p) => [p.binding, p.queue])),
      durableObjects: Object.fromEntries(wrangler.durable_objects.bindings.map((d) => [d.name, d.class_name])),
    }),
  );
  await mf.ready;
  for (const d1 of wrangler.d1_databases) {
    const db = await mf.getD1Database(d1.binding);
    const dir = join(root, d1.migrations_dir);
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
    } catch {
      // No migrations folder yet: nothing to apply.
    }
    for (const f of files) {
      const statements = readFileSync(join(dir, f), 'utf8')
        .split(/;\\s*(?:\\n|$)/)
        .map((s) => s.replace(/^\\s*--.*$/gm, '').trim())
        .filter(Boolean);
      if (statements.length > 0) await db.batch(statements.map((s) => db.prepare(s)));
    }
  }
  return mf;
}
`;
}

/**
 * The generated test/service.test.ts: one workerd instance (from test/workerd.ts) for the whole file, then
 * `tests`, the template's own top-level code, which uses `mf`.
 */
function serviceTest(tests: string): string {
  return `import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService } from './workerd.js';

let mf: Miniflare;
beforeAll(async () => {
  mf = await startService();
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
});

${tests}`;
}

function readme(name: string, type: string, body: string): string {
  return `# ${name}

A Clodo ${type} on Cloudflare Workers.

\`\`\`sh
npm install
npm test            # runs the service inside workerd
npx clodo dev       # serves it locally
npx clodo deploy --env development   # deploys to the local Cloudflare emulator
\`\`\`

${body}
`;
}

/** What one template says about its project; `serviceProject` adds the files every project has. */
export interface ProjectParts {
  /** Runtime dependencies beyond @clodo/services. */
  dependencies?: Record<string, string>;
  config: Omit<ConfigTemplate, 'name'>;
  /** The template's own source files, by path. */
  src: FileMap;
  /** Test-only binding values (keys, secrets) for test/workerd.ts. */
  testBindings?: Record<string, string>;
  /** test/service.test.ts after the shared preamble. */
  tests: string;
  /** What the README calls the project, and its paragraph about it. */
  kind: string;
  about: string;
}

/** Every file of a generated project, in the order they are written. */
export function serviceProject(input: TemplateInput, parts: ProjectParts): FileMap {
  return {
    'package.json': packageJson(input, parts.dependencies),
    'clodo.config.ts': configFile({ name: input.name, ...parts.config }),
    ...parts.src,
    'test/workerd.ts': workerdHarness(parts.testBindings ?? {}),
    'test/service.test.ts': serviceTest(parts.tests),
    'tsconfig.json': tsconfig(),
    '.gitignore': gitignore(),
    '.github/workflows/ci.yml': ciWorkflow(),
    'README.md': readme(input.name, parts.kind, parts.about),
  };
}

/** Renders plain data (objects, arrays, strings, numbers, booleans, regular expressions) as TypeScript source. */
export function toSource(value: unknown, indent = ''): string {
  const next = `${indent}  `;
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => toSource(v, next)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => {
      const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
      return `${next}${key}: ${toSource(v, next)},`;
    });
    return `{\n${entries.join('\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return JSON.stringify(value);
}

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
  subpaths: string[];
  bins: string[];
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  bin?: Record<string, string> | string;
}

export function readPublishedPackages(packagesDir: string): PublishedPackage[] {
  return readdirSync(packagesDir)
    .filter((d) => existsSync(join(packagesDir, d, 'package.json')))
    .map((d) => {
      const dir = join(packagesDir, d);
      const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
      const subpaths = Object.keys(m.exports ?? {}).filter((s) => s !== './package.json' && !s.includes('*'));
      const bins = typeof m.bin === 'string' ? [m.name.split('/').pop()!] : Object.keys(m.bin ?? {});
      return { name: m.name, version: m.version, dir, subpaths, bins, private: m.private };
    })
    .filter((p) => !p.private);
}

/** `pnpm pack` each package into `dest` (pnpm rewrites workspace: ranges into real ones). */
export function packAll(packages: PublishedPackage[], dest: string, pnpm: string): string[] {
  mkdirSync(dest, { recursive: true });
  return packages.map((p) => {
    const out = execFileSync(process.execPath, [pnpm, 'pack', '--pack-destination', dest, '--json'], {
      cwd: p.dir,
      encoding: 'utf8',
    });
    const parsed = JSON.parse(out) as { filename: string };
    return parsed.filename;
  });
}

/**
 * The environment for a plain npm run by a user: the npm_config_* / pnpm settings that pnpm and turbo
 * export to scripts are dropped (an inherited `npm_config_yes=` and friends make npm hang or misbehave).
 */
export function userNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|TURBO_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** A fresh npm project outside any workspace, with the tarballs installed by plain npm. */
export function installTarballs(tarballs: string[], env: NodeJS.ProcessEnv = userNpmEnv()): string {
  const project = mkdtempSync(join(tmpdir(), 'clodo-consumer-'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'clodo-consumer', private: true, type: 'module' }, null, 2),
  );
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
  if (npm.status !== 0) {
    throw new Error(
      `npm install of the packed tarballs failed (${npm.error?.message ?? `exit ${npm.status}`}):\n${npm.stderr}`,
    );
  }
  return project;
}

export interface BinResult {
  ok: boolean;
  message: string;
}

/** Runs `<bin> --help` with this Node on PATH; it must exit 0 and print usage. */
export function runBinHelp(project: string, bin: string): BinResult {
  const binPath = join(project, 'node_modules', '.bin', bin);
  if (!existsSync(binPath))
    return { ok: false, message: `bin "${bin}" was not installed into node_modules/.bin` };
  const result = spawnSync(binPath, ['--help'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NO_COLOR: '1' },
  });
  if (result.error) return { ok: false, message: `bin "${bin}" did not start: ${result.error.message}` };
  if (result.status !== 0) {
    return {
      ok: false,
      message: `bin "${bin}" --help exited ${result.status}:\n${(result.stderr || result.stdout).trim()}`,
    };
  }
  if (result.stdout.trim() === '') return { ok: false, message: `bin "${bin}" --help printed nothing` };
  return { ok: true, message: `bin "${bin}" --help ok` };
}

/** Imports every subpath in a child Node (the project's Node 22); returns the specifiers that failed. */
export function importAll(project: string, specifiers: string[]): string[] {
  const script = specifiers
    .map(
      (s) =>
        `try { await import(${JSON.stringify(s)}); } catch (e) { failures.push(${JSON.stringify(s)} + ': ' + e.message); }`,
    )
    .join('\n');
  writeFileSync(
    join(project, 'import-all.mjs'),
    `const failures = [];\n${script}\nconsole.log(JSON.stringify(failures));\n`,
  );
  const out = execFileSync(process.execPath, ['import-all.mjs'], { cwd: project, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

/** Type-checks a consumer file importing every subpath under NodeNext resolution; returns tsc's diagnostics. */
export function typecheckAll(project: string, specifiers: string[], tsc: string): string {
  const body = specifiers
    .map((s, i) => `import * as m${i} from ${JSON.stringify(s)};\nvoid m${i};`)
    .join('\n');
  writeFileSync(join(project, 'consumer.ts'), `${body}\nexport {};\n`);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2023',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['consumer.ts'],
    }),
  );
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
    cwd: project,
    encoding: 'utf8',
  });
  return result.status === 0 ? '' : `${result.stdout}${result.stderr}`.trim();
}

/** Installed manifests that still carry a `workspace:` range (a packing bug). */
export function findWorkspaceRanges(project: string): string[] {
  const scope = join(project, 'node_modules', '@clodo');
  if (!existsSync(scope)) return [];
  return readdirSync(scope).flatMap((d) => {
    const text = readFileSync(join(scope, d, 'package.json'), 'utf8');
    return text.includes('workspace:') ? [`@clodo/${d}`] : [];
  });
}

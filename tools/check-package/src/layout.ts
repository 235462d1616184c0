import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** What a package declares: its manifest, its tsup entries and where the sources live. */
export interface PackageLayout {
  dir: string;
  name: string;
  manifest: Manifest;
  /** tsup entry name (output path without extension, relative to dist) → source file, relative to the package. */
  entries: Map<string, string>;
}

export interface Manifest {
  name?: string;
  exports?: Record<string, unknown> | string;
  bin?: Record<string, string> | string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

interface TsupOptions {
  entry?: Record<string, string> | string[];
  outDir?: string;
}

export async function readLayout(dir: string): Promise<PackageLayout> {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const configPath = join(dir, 'tsup.config.ts');
  if (!existsSync(configPath)) throw new Error(`${manifest.name ?? dir}: tsup.config.ts is missing`);
  const loaded = (await import(pathToFileURL(configPath).href)) as { default: unknown };
  const configs = (Array.isArray(loaded.default) ? loaded.default : [loaded.default]) as TsupOptions[];
  const entries = new Map<string, string>();
  for (const config of configs) {
    if ((config.outDir ?? 'dist') !== 'dist') {
      throw new Error(`${manifest.name}: tsup outDir must be "dist" (found "${config.outDir}")`);
    }
    if (!config.entry || Array.isArray(config.entry)) {
      throw new Error(
        `${manifest.name}: tsup "entry" must be an object naming each output (e.g. { index: 'src/index.ts' })`,
      );
    }
    for (const [out, src] of Object.entries(config.entry)) entries.set(out, src.replace(/^\.\//, ''));
  }
  return { dir, name: manifest.name ?? dir, manifest, entries };
}

const SOURCE_EXT = /\.(ts|tsx|mts|js|mjs)$/;

/** Source files that must be reachable: everything under src/ except tests, declarations and src/internal/. */
export function listSourceFiles(dir: string): string[] {
  const root = join(dir, 'src');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        if (name === '__fixtures__' || name === '__tests__') continue;
        walk(full);
      } else if (
        SOURCE_EXT.test(name) &&
        !/\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(name) &&
        !name.endsWith('.d.ts')
      ) {
        out.push(relative(dir, full));
      }
    }
  };
  if (existsSync(root)) walk(root);
  return out.filter((f) => !f.startsWith(join('src', 'internal') + '/')).sort();
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.js`,
    `${stem}.mjs`,
    join(base, 'index.ts'),
    join(base, 'index.js'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Every file reachable through relative imports (value or type, static or dynamic) from the given sources. */
export function reachableFrom(dir: string, sources: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = sources.map((s) => resolve(dir, s));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file)) continue;
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const ref of [...info.importedFiles, ...info.referencedFiles]) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolveRelative(file, ref.fileName);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return new Set([...seen].map((f) => relative(dir, f)));
}

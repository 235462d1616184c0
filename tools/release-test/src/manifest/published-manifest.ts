import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';

const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;
const RUNTIME_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;
const INTERNAL_SCOPE = '@clodo/';

interface Manifest {
  name?: string;
  [field: string]: unknown;
}

/**
 * Problems of a package as it is published (an unpacked tarball or an installed package): a `workspace:`
 * range that escaped packing, or a package imported by the built code that its manifest does not declare.
 * Every message starts with the package name.
 */
export function findPublishedManifestProblems(packageDir: string): string[] {
  const manifestText = readFileSync(join(packageDir, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Manifest;
  const name = manifest.name ?? packageDir;
  const problems: string[] = [];

  for (const field of DEPENDENCY_FIELDS) {
    for (const [dep, range] of Object.entries(readDependencies(manifest, field))) {
      if (range.startsWith('workspace:')) {
        problems.push(
          `${name}: ${field}["${dep}"] is "${range}"; a published manifest needs a real semver range`,
        );
      }
    }
  }
  if (problems.length === 0 && manifestText.includes('workspace:')) {
    problems.push(`${name}: package.json still contains a "workspace:" reference`);
  }

  const declared = new Set(RUNTIME_FIELDS.flatMap((field) => Object.keys(readDependencies(manifest, field))));
  const missing = new Map<string, string>();
  for (const file of listBuiltFiles(join(packageDir, 'dist'))) {
    const isDeclarationFile = /\.d\.[cm]?ts$/.test(file);
    for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
      const dep = packageNameOf(specifier);
      if (dep === undefined || dep === name || declared.has(dep)) continue;
      // Declaration files may name type-only packages (devDependencies); internal ones must still be real.
      if (isDeclarationFile && !dep.startsWith(INTERNAL_SCOPE)) continue;
      if (!missing.has(dep)) missing.set(dep, relative(packageDir, file));
    }
  }
  for (const [dep, file] of missing) {
    problems.push(`${name}: ${file} imports "${dep}", which is not in its dependencies or peerDependencies`);
  }
  return problems;
}

function readDependencies(manifest: Manifest, field: string): Record<string, string> {
  const value = manifest[field];
  return value && typeof value === 'object' ? (value as Record<string, string>) : {};
}

function listBuiltFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return listBuiltFiles(path);
    return /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(entry) ? [path] : [];
  });
}

/** Static and dynamic imports, re-exports and requires, found by the TypeScript scanner (not inside strings). */
function importedSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The package a bare specifier resolves to; undefined for relative paths, builtins and URL schemes. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

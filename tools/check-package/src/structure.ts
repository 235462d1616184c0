import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { followDeclarations } from './declarations.ts';
import { listSourceFiles, type PackageLayout, reachableFrom } from './layout.ts';

/**
 * Checks that exports ↔ tsup entries ↔ built files agree one to one, that every export has a `types`
 * condition listed first, that every bin is a built entry, and that every source file is reachable
 * from a published entry. Returns one message per problem, each naming the cause and the fix.
 */
export function checkStructure(layout: PackageLayout): string[] {
  const { dir, manifest, entries } = layout;
  const problems: string[] = [];
  const published = new Set<string>();

  const exportsField = manifest.exports;
  if (exportsField === undefined || typeof exportsField === 'string') {
    problems.push('package.json "exports" must be an object map of subpaths (with "./package.json")');
  } else {
    if (exportsField['./package.json'] !== './package.json') {
      problems.push('package.json "exports" must publish "./package.json": "./package.json"');
    }
    for (const [subpath, target] of Object.entries(exportsField)) {
      if (subpath === './package.json') continue;
      if (typeof target !== 'object' || target === null || Array.isArray(target)) {
        problems.push(`export "${subpath}" must be an object of conditions ({ types, import, default })`);
        continue;
      }
      const conditions = target as Record<string, unknown>;
      const keys = Object.keys(conditions);
      if (!('types' in conditions)) {
        problems.push(
          `export "${subpath}" has no "types" condition; add "types": "./dist/<entry>.d.ts" first`,
        );
      } else if (keys[0] !== 'types') {
        problems.push(
          `export "${subpath}": the "types" condition must come first (found ${keys.join(', ')})`,
        );
      }
      const runtime = conditions.import ?? conditions.default;
      if (typeof runtime !== 'string') {
        problems.push(`export "${subpath}" has no "import" or "default" target`);
        continue;
      }
      for (const key of ['import', 'default'] as const) {
        if (conditions[key] !== undefined && conditions[key] !== runtime) {
          problems.push(`export "${subpath}": "${key}" (${String(conditions[key])}) differs from ${runtime}`);
        }
      }
      const match = /^\.\/dist\/(.+)\.js$/.exec(runtime);
      if (!match) {
        problems.push(
          `export "${subpath}" points at ${runtime}; targets must be ./dist/<entry>.js built by tsup`,
        );
        continue;
      }
      const entry = match[1]!;
      published.add(entry);
      if (!entries.has(entry)) {
        problems.push(`export "${subpath}" points at ${runtime}, but tsup.config.ts has no entry "${entry}"`);
      }
      if (!existsSync(join(dir, runtime))) {
        problems.push(`export "${subpath}" points at ${runtime}, which the build did not produce`);
      }
      const types = conditions.types;
      if (typeof types === 'string') {
        if (types !== `./dist/${entry}.d.ts`) {
          problems.push(
            `export "${subpath}": "types" is ${types}, expected ./dist/${entry}.d.ts beside ${runtime}`,
          );
        } else if (!existsSync(join(dir, types))) {
          problems.push(
            `export "${subpath}": types file ${types} was not produced (does the build script run clodo-dts after tsup?)`,
          );
        }
      }
    }
  }

  const bins =
    typeof manifest.bin === 'string' ? { [manifest.name ?? 'bin']: manifest.bin } : (manifest.bin ?? {});
  for (const [name, target] of Object.entries(bins)) {
    const match = /^(?:\.\/)?dist\/(.+)\.js$/.exec(target);
    if (!match) {
      problems.push(`bin "${name}" points at ${target}; bins must be ./dist/<entry>.js built by tsup`);
      continue;
    }
    const entry = match[1]!;
    published.add(entry);
    if (!entries.has(entry))
      problems.push(`bin "${name}" points at ${target}, but tsup.config.ts has no entry "${entry}"`);
    if (!existsSync(join(dir, target)))
      problems.push(`bin "${name}" points at ${target}, which the build did not produce`);
  }

  for (const [entry, source] of entries) {
    if (!published.has(entry)) {
      problems.push(
        `tsup entry "${entry}" (${source}) is neither exported nor a bin; publish it in "exports" or remove it`,
      );
    }
    if (!existsSync(join(dir, source)))
      problems.push(`tsup entry "${entry}" names ${source}, which does not exist`);
  }

  const distDir = join(dir, 'dist');
  if (existsSync(distDir)) {
    const linked = linkedDistFiles(
      distDir,
      [...entries.keys()].map((e) => `${e}.js`),
    );
    const declarations = followDeclarations(distDir, [...entries.keys()], manifest);
    problems.push(...declarations.problems);
    for (const file of listFiles(distDir)) {
      const rel = relative(distDir, file);
      if (rel.endsWith('.d.ts')) {
        if (!declarations.linked.has(rel)) {
          problems.push(
            `dist/${rel} is not imported by any entry's declarations (a stale file? run a clean build)`,
          );
        }
        continue;
      }
      if (!rel.endsWith('.js') || linked.has(rel)) continue;
      problems.push(`dist/${rel} is not built from any tsup entry (a stale file? run a clean build)`);
    }
  } else {
    problems.push('dist/ does not exist: build the package before checking it');
  }

  const reachable = reachableFrom(dir, [...entries.values()]);
  for (const file of listSourceFiles(dir)) {
    if (!reachable.has(file)) {
      problems.push(
        `${file} is not reachable from any published entry; import it from a published module, ` +
          'give it its own entry and export, or move it under src/internal/',
      );
    }
  }
  return problems;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+\.js)["']/g;

/** Entry outputs plus every chunk they load, statically or dynamically: anything else in dist/ is stale. */
function linkedDistFiles(distDir: string, entryFiles: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entryFiles];
  while (queue.length > 0) {
    const rel = queue.pop()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const full = join(distDir, rel);
    if (!existsSync(full)) continue;
    for (const match of readFileSync(full, 'utf8').matchAll(RELATIVE_IMPORT)) {
      queue.push(relative(distDir, join(dirname(full), match[1]!)));
    }
  }
  return seen;
}

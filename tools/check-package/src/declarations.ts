import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { Manifest } from './layout.ts';

export interface DeclarationGraph {
  /** Declaration files (relative to dist/) reachable from the entries' `<entry>.d.ts`. */
  linked: Set<string>;
  problems: string[];
}

/**
 * Follows the declaration files in dist/ as a consumer's TypeScript would: from each entry's
 * `<entry>.d.ts`, every relative import must name a .d.ts the build produced, and every package a
 * published declaration imports must be one the package depends on.
 */
export function followDeclarations(distDir: string, entries: string[], manifest: Manifest): DeclarationGraph {
  const problems: string[] = [];
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const linked = new Set<string>();
  const queue = entries.map((e) => `${e}.d.ts`).filter((rel) => existsSync(join(distDir, rel)));
  while (queue.length > 0) {
    const rel = queue.pop()!;
    if (linked.has(rel)) continue;
    linked.add(rel);
    const info = ts.preProcessFile(readFileSync(join(distDir, rel), 'utf8'), true, true);
    for (const { fileName: specifier } of [...info.importedFiles, ...info.referencedFiles]) {
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        const target = declarationOf(distDir, rel, specifier);
        if (target === undefined) {
          problems.push(
            `dist/${rel} imports "${specifier}", but the build produced no declaration for it (its types would be missing)`,
          );
        } else if (!linked.has(target)) {
          queue.push(target);
        }
      } else if (!isBuiltin(specifier) && !declared.has(packageName(specifier))) {
        problems.push(
          `dist/${rel} imports "${specifier}", which is not in "dependencies" or "peerDependencies" ` +
            '(consumers would not have its types)',
        );
      }
    }
  }
  return { linked, problems };
}

/** `./x.js` from `a/b.d.ts` → `a/x.d.ts` when it exists (also `./x.d.ts`, `./x/index.d.ts`). */
function declarationOf(distDir: string, from: string, specifier: string): string | undefined {
  const base = join(dirname(join(distDir, from)), specifier);
  const stem = base.replace(/\.(d\.ts|js|ts)$/, '');
  const found = [`${stem}.d.ts`, join(base, 'index.d.ts')].find((candidate) => existsSync(candidate));
  return found === undefined ? undefined : relative(distDir, found);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { isolatedDeclarationSync, type OxcError } from 'oxc-transform';
import { hasDefaultExport, relativeSpecifiers } from './declarations.ts';
import { readEntries } from './entries.ts';

export interface EmitOptions {
  /** Where declarations go, relative to the package (default `dist`, tsup's outDir). */
  outDir?: string;
}

export interface EmitResult {
  /** Declaration files that were written, relative to the output directory. */
  written: string[];
  /** One message per problem, each naming the file; nothing is written when there is any. */
  problems: string[];
}

/**
 * Emits `.d.ts` files for the package in `dir` one source file at a time, the isolatedDeclarations way
 * (oxc-transform's `isolatedDeclarationSync`: no type-checking program, no TypeScript to load; the
 * package's `typecheck` checks, with `isolatedDeclarations` on, that each file declares on its own).
 * It starts from the tsup entries and follows the relative imports of the emitted declarations, so
 * exactly the declarations the published types need are written, each at its source path under src/.
 * An entry whose name differs from its source path gets `<entry>.d.ts` re-exporting that declaration.
 */
export async function emitDeclarations(dir: string, options: EmitOptions = {}): Promise<EmitResult> {
  const problems: string[] = [];
  const srcDir = join(dir, 'src');
  const entries = await readEntries(dir);
  const outputs = new Map<string, string>();
  const queue: string[] = [];

  const declarationPath = (source: string): string | undefined => {
    const rel = relative(srcDir, source);
    if (rel.startsWith('..') || !rel.endsWith('.ts') || rel.endsWith('.d.ts')) return undefined;
    return toPosix(rel).replace(/\.ts$/, '.d.ts');
  };

  for (const [entry, source] of entries) {
    const full = resolve(dir, source);
    if (declarationPath(full) === undefined || !existsSync(full)) {
      problems.push(`tsup entry "${entry}" names ${source}; entries must be existing .ts files under src/`);
    } else {
      queue.push(full);
    }
  }

  const seen = new Set<string>();
  while (queue.length > 0) {
    const source = queue.pop()!;
    if (seen.has(source)) continue;
    seen.add(source);
    const text = readFileSync(source, 'utf8');
    const output = isolatedDeclarationSync(source, text, { sourcemap: false });
    for (const error of output.errors) problems.push(formatError(dir, source, text, error));
    outputs.set(declarationPath(source)!, output.code);
    for (const specifier of relativeSpecifiers(output.code)) {
      const target = sourceOf(source, specifier);
      if (target === undefined || declarationPath(target) === undefined) {
        problems.push(
          `${toPosix(relative(dir, source))}: its declarations import "${specifier}", which names no .ts ` +
            'file under src/ (published types may only import sources by their .js name)',
        );
      } else if (!seen.has(target)) {
        queue.push(target);
      }
    }
  }

  for (const [entry, source] of entries) {
    const own = declarationPath(resolve(dir, source));
    const alias = `${entry}.d.ts`;
    if (own === undefined || own === alias) continue;
    if (outputs.has(alias)) {
      problems.push(
        `tsup entry "${entry}" would write ${alias}, which is also the declaration of src/${alias.replace(/\.d\.ts$/, '.ts')}; rename the entry or the file`,
      );
      continue;
    }
    const target = posix.relative(posix.dirname(alias), own).replace(/\.d\.ts$/, '.js');
    const specifier = target.startsWith('.') ? target : `./${target}`;
    const lines = [`export * from '${specifier}';`];
    if (hasDefaultExport(outputs.get(own) ?? '')) lines.push(`export { default } from '${specifier}';`);
    outputs.set(alias, `${lines.join('\n')}\n`);
  }

  if (problems.length > 0) return { written: [], problems };
  const outDir = resolve(dir, options.outDir ?? 'dist');
  for (const [rel, text] of outputs) writeAtomically(join(outDir, rel), text);
  return { written: [...outputs.keys()].sort(), problems };
}

/**
 * `./x.js` → the `x.ts` beside the importing source, when it exists. Only the `.js` form: an
 * extensionless or directory import would not resolve for a consumer under node16 resolution.
 */
function sourceOf(from: string, specifier: string): string | undefined {
  if (!specifier.endsWith('.js')) return undefined;
  const source = resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
  return existsSync(source) ? source : undefined;
}

/** `src/a.ts(3,14): TS9010: ...`, the position counted in characters (oxc reports UTF-8 offsets). */
function formatError(dir: string, file: string, text: string, error: OxcError): string {
  const name = toPosix(relative(dir, file));
  const offset = error.labels[0]?.start;
  if (offset === undefined) return `${name}: ${error.message}`;
  const before = Buffer.from(text).subarray(0, offset).toString('utf8');
  const lines = before.split('\n');
  return `${name}(${lines.length},${lines.at(-1)!.length + 1}): ${error.message}`;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

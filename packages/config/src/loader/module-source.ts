import { createRequire } from 'node:module';
import { createJiti } from 'jiti';
import type { ConfigProblem } from '../errors.js';
import { isConfigError } from '../errors.js';

/** Thrown problems from a config module: its own `defineConfig` failure, or why it could not load. */
export type ModuleLoad = { ok: true; value: unknown } | { ok: false; problems: readonly ConfigProblem[] };

function selfEntry(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@clodo/config');
  } catch {
    return undefined;
  }
}

/**
 * Imports a TypeScript or JavaScript config without a build step (jiti transpiles on the fly).
 * The file's `@clodo/config` import is served by this package, so the config is checked by the same
 * version that loads it even when the project has not installed it.
 */
export async function importConfigModule(file: string): Promise<ModuleLoad> {
  const entry = selfEntry();
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
    ...(entry ? { alias: { '@clodo/config': entry } } : {}),
  });
  let loaded: unknown;
  try {
    loaded = await jiti.import(file);
  } catch (error) {
    if (isConfigError(error)) return { ok: false, problems: error.problems };
    return {
      ok: false,
      problems: [
        { path: '', message: `cannot be loaded: ${firstLine(error)}${where(error)}`, hint: hintFor(error) },
      ],
    };
  }
  const value = pickDefault(loaded);
  if (value === undefined) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: 'has no default export',
          hint: 'end the file with: export default defineConfig({ ... })',
        },
      ],
    };
  }
  if (typeof value === 'function') {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: 'the default export is a function, not a config',
          hint: 'export default defineConfig({ ... })',
        },
      ],
    };
  }
  return { ok: true, value };
}

function pickDefault(loaded: unknown): unknown {
  if (loaded && typeof loaded === 'object' && 'default' in loaded)
    return (loaded as { default: unknown }).default;
  return undefined;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n').find((line) => line.trim().length > 0) ?? 'unknown error')
    .trim()
    .replace(/^ParseError: /, '');
}

/** Transpiler errors put `file:line:column` on a later line of the message. */
function where(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const match = /:(\d+):(\d+)\s*$/m.exec(message.split('\n').slice(1).join('\n'));
  return match ? ` (line ${match[1]}, column ${match[2]})` : '';
}

function hintFor(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'SyntaxError' || /Unexpected|Expected|ParseError|TransformError/.test(firstLine(error)))
    return 'fix the syntax error at the position named';
  if (
    (error as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find module/.test(firstLine(error))
  )
    return 'install the missing module or fix the import path';
  return 'the config file threw while it was evaluated';
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'oxc-transform';

interface TsupOptions {
  entry?: Record<string, string> | string[];
}

/** tsup entry name (output path under dist/, no extension) → source file relative to the package. */
export async function readEntries(dir: string): Promise<Map<string, string>> {
  const configPath = join(dir, 'tsup.config.ts');
  if (!existsSync(configPath)) throw new Error('tsup.config.ts is missing');
  const loaded = (await import(configUrl(configPath))) as { default: unknown };
  const configs = (Array.isArray(loaded.default) ? loaded.default : [loaded.default]) as TsupOptions[];
  const entries = new Map<string, string>();
  for (const config of configs) {
    if (!config.entry || Array.isArray(config.entry)) {
      throw new Error('tsup "entry" must be an object naming each output (e.g. { index: \'src/index.ts\' })');
    }
    for (const [out, src] of Object.entries(config.entry)) entries.set(out, src.replace(/^\.\//, ''));
  }
  return entries;
}

/**
 * A config that imports nothing once its types are gone (ours only import types) is stripped here and
 * loaded from a data: URL, which skips starting Node's own type stripper, the slowest part of this
 * step; any other config is imported from its file as usual.
 */
function configUrl(configPath: string): string {
  const stripped = transformSync(configPath, readFileSync(configPath, 'utf8'), { sourcemap: false });
  if (stripped.errors.length > 0 || /\bimport\b/.test(stripped.code)) return pathToFileURL(configPath).href;
  return `data:text/javascript,${encodeURIComponent(stripped.code)}`;
}

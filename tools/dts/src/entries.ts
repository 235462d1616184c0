import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface TsupOptions {
  entry?: Record<string, string> | string[];
}

/** tsup entry name (output path under dist/, no extension) → source file relative to the package. */
export async function readEntries(dir: string): Promise<Map<string, string>> {
  const configPath = join(dir, 'tsup.config.ts');
  if (!existsSync(configPath)) throw new Error('tsup.config.ts is missing');
  const loaded = (await import(pathToFileURL(configPath).href)) as { default: unknown };
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

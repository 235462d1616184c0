import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type ConfigProblem, ConfigError, ConfigErrorCode } from '../errors.js';
import type { ClodoConfig } from '../model/types.js';
import { validateConfig } from '../validate/validate-config.js';
import { fileErrorReason, findConfigFile } from './config-files.js';
import { parseJsonConfig } from './json-source.js';
import { importConfigModule } from './module-source.js';

export interface LoadConfigOptions {
  /** Directory to look in and to resolve `file` against (default: `process.cwd()` at the edge). */
  readonly cwd?: string;
  /** Config file to load; by default the first of clodo.config.{ts,mts,mjs,js,json} in `cwd`. */
  readonly file?: string;
}

export interface LoadedConfig {
  readonly config: ClodoConfig;
  /** Absolute path of the file loaded. */
  readonly file: string;
}

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.mjs', '.js', '.cjs']);

function invalid(file: string, problems: readonly ConfigProblem[]): ConfigError {
  const count = problems.length === 1 ? '' : ` (${problems.length} problems)`;
  return new ConfigError(
    ConfigErrorCode.CONFIG_INVALID,
    problems,
    `Invalid configuration in ${basename(file)}${count}`,
  );
}

/**
 * Loads, validates and freezes a project's config. Every failure (missing or unreadable file,
 * malformed JSON or TypeScript, wrong types, unknown keys) is a `ConfigError` with one problem per
 * issue, each with its path.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = await findConfigFile(cwd, options.file);
  const extension = extname(file).toLowerCase();

  let value: unknown;
  if (extension === '.json') {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw invalid(file, [{ path: '', message: `cannot read ${file}: ${fileErrorReason(error)}` }]);
    }
    const parsed = parseJsonConfig(text);
    if (!parsed.ok) throw invalid(file, [parsed.problem]);
    value = parsed.value;
  } else if (MODULE_EXTENSIONS.has(extension)) {
    try {
      await readFile(file);
    } catch (error) {
      throw invalid(file, [{ path: '', message: `cannot read ${file}: ${fileErrorReason(error)}` }]);
    }
    const loaded = await importConfigModule(file);
    if (!loaded.ok) throw invalid(file, loaded.problems);
    value = loaded.value;
  } else {
    throw invalid(file, [
      {
        path: '',
        message: `unsupported config file type "${extension || basename(file)}"`,
        hint: 'use .ts, .mjs, .js or .json',
      },
    ]);
  }

  const result = validateConfig(value);
  if (!result.ok) throw invalid(file, result.problems);
  return Object.freeze({ config: result.config, file });
}

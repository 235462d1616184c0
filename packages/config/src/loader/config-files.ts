import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, ConfigErrorCode } from '../errors.js';

/** File names looked for, in this order, when no file is named. */
export const CONFIG_FILE_NAMES: string[] = [
  'clodo.config.ts',
  'clodo.config.mts',
  'clodo.config.mjs',
  'clodo.config.js',
  'clodo.config.json',
];

/** The config file to load: the one named (relative to `cwd`) or the first default name present. */
export async function findConfigFile(cwd: string, file?: string): Promise<string> {
  if (file !== undefined) {
    if (typeof file !== 'string' || file.length === 0)
      throw new ConfigError(
        ConfigErrorCode.INVALID_ARGUMENT,
        [{ path: 'file', message: 'must be a non-empty path' }],
        'Invalid argument',
      );
    return isAbsolute(file) ? file : resolve(cwd, file);
  }
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(cwd, name);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  throw new ConfigError(
    ConfigErrorCode.CONFIG_NOT_FOUND,
    [
      {
        path: '',
        message: `no config file in ${cwd}`,
        hint: `create ${CONFIG_FILE_NAMES[0]} (or one of ${CONFIG_FILE_NAMES.slice(1).join(', ')})`,
      },
    ],
    'Configuration not found',
  );
}

/** A short reason for a file-system error, without a stack. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'the file does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    default:
      return code ? `cannot be read (${code})` : 'cannot be read';
  }
}

import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ClodoConfig, type ServiceType, validateConfig } from '@clodo/config';
import { CONFIG_FILE_NAMES } from '@clodo/config/loader';
import {
  generateWranglerConfigWithEnvironments,
  type WranglerConfig,
  writeWranglerConfig,
} from '@clodo/config/wrangler';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';

export interface InitializeOptions {
  /** Service (Worker) name; default: the directory's name. */
  name?: string;
  /** Config service type (default `api`). */
  type?: ServiceType;
  /** Entry module, relative to the directory; default: the first of src/index.{ts,js,mjs}, index.{ts,js,mjs}. */
  main?: string;
  /** Bind a D1 database as `DB`. */
  d1?: boolean;
  /** Cloudflare account id (32 hex); default a placeholder to fill in before deploying to Cloudflare. */
  accountId?: string;
  /** Apex domain the service's hostnames live under (`example.com`); routes are generated from it. */
  domain?: string;
  /** Replace an existing clodo.config.* / wrangler config. */
  force?: boolean;
  /** Validate and return what would be written, writing nothing. */
  dryRun?: boolean;
}

export interface InitializedService {
  name: string;
  dir: string;
  /** Files written (or, in a dry run, that would be), relative to `dir`. */
  files: string[];
  config: ClodoConfig;
  /** The generated wrangler.json. */
  wrangler: WranglerConfig;
  dryRun: boolean;
}

const ENTRY_CANDIDATES = [
  'src/index.ts',
  'src/index.js',
  'src/index.mjs',
  'index.ts',
  'index.js',
  'index.mjs',
];
const WRANGLER_FILES = ['wrangler.json', 'wrangler.jsonc', 'wrangler.toml'];
const PLACEHOLDER_ACCOUNT = '00000000000000000000000000000000';

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

function refuse(message: string): FrameworkError {
  return new FrameworkError(FrameworkErrorCode.INIT_REFUSED, message);
}

/**
 * The old `ServiceInitializer`: turns an existing Worker directory into a Clodo service by writing
 * `clodo.config.json` (validated first) and the generated `wrangler.json` (every environment written out).
 * Existing files are left alone unless `force`; on failure nothing new is left behind.
 */
export class ServiceInitializer {
  async initialize(dir: string, options: InitializeOptions = {}): Promise<InitializedService> {
    if (typeof dir !== 'string' || dir === '')
      throw refuse('ServiceInitializer: dir must be a directory path');
    const root = resolve(dir);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw refuse(`ServiceInitializer: ${root} is not a directory`);

    const entries = new Set(await readdir(root));
    const existing = [...CONFIG_FILE_NAMES, ...WRANGLER_FILES].filter((f) => entries.has(f));
    if (existing.length > 0 && !options.force) {
      throw refuse(
        `ServiceInitializer: ${root} already has ${existing.join(', ')}; pass force: true to replace the Clodo and wrangler config`,
      );
    }

    const main = options.main ?? (await this.#findEntry(root));
    if (!(await isFile(join(root, main))))
      throw refuse(`ServiceInitializer: main "${main}" does not exist in ${root}`);

    const name = options.name ?? root.split(/[\\/]/).pop() ?? '';
    const input = {
      account: { id: options.accountId ?? PLACEHOLDER_ACCOUNT, apiTokenEnv: 'CLOUDFLARE_API_TOKEN' },
      ...(options.domain !== undefined ? { domain: options.domain } : {}),
      environments: {
        development: { target: 'local' },
        staging: { target: 'cloudflare' },
        production: { target: 'cloudflare' },
      },
      services: [
        {
          name,
          path: '.',
          main,
          type: options.type ?? 'api',
          ...(options.d1 ? { features: { d1: [{ binding: 'DB' }] } } : {}),
        },
      ],
    };
    const validated = validateConfig(input);
    if (!validated.ok) {
      const problems = validated.problems.map((p) => ({ path: p.path, message: p.message }));
      throw new FrameworkError(
        FrameworkErrorCode.CONFIG_INVALID,
        `ServiceInitializer: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        problems,
      );
    }
    const wrangler = generateWranglerConfigWithEnvironments(validated.config, {
      service: name,
      configDir: '.',
    });
    const files = ['clodo.config.json', 'wrangler.json'];
    if (options.dryRun) return { name, dir: root, files, config: validated.config, wrangler, dryRun: true };

    // Config first, then wrangler.json; if the second write fails the first is removed (or left as it was).
    const configFile = join(root, 'clodo.config.json');
    const staged = `${configFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(staged, `${JSON.stringify(input, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    try {
      await writeWranglerConfig(join(root, 'wrangler.json'), wrangler);
    } catch (error) {
      await rm(staged, { force: true });
      throw error;
    }
    await rename(staged, configFile);
    // A stale clodo.config.ts or wrangler.toml would be read instead of the files just written.
    if (options.force) {
      const stale = [...CONFIG_FILE_NAMES, ...WRANGLER_FILES].filter(
        (f) => f !== 'clodo.config.json' && f !== 'wrangler.json' && entries.has(f),
      );
      for (const f of stale) {
        await rm(join(root, f), { force: true });
      }
    }
    return { name, dir: root, files, config: validated.config, wrangler, dryRun: false };
  }

  async #findEntry(root: string): Promise<string> {
    for (const candidate of ENTRY_CANDIDATES) if (await isFile(join(root, candidate))) return candidate;
    throw refuse(
      `ServiceInitializer: no entry module in ${root} (looked for ${ENTRY_CANDIDATES.join(', ')}); pass main`,
    );
  }
}

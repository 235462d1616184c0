import type { CommandContext } from '../program.js';

export interface CommandModule {
  /** Resolves to the exit code when it is not 0 (a failure reported as the command's result). */
  run(ctx: CommandContext): Promise<number | undefined | void>;
}

export interface OptionSpec {
  flags: string;
  description: string;
  choices?: string[];
  default?: unknown;
}

/** A command's surface, declared here so `clodo --help` loads no command code. */
export interface CommandSpec {
  name: string;
  summary: string;
  args?: { syntax: string; description: string }[];
  options?: OptionSpec[];
  subcommands?: CommandSpec[];
  /** Loads the command's code; absent for a command that only groups subcommands. */
  load?: () => Promise<CommandModule>;
}

const SERVICE_TYPES = ['data-service', 'api-gateway', 'auth-service', 'static-site', 'generic'];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'create',
    summary: 'scaffold a service that builds, passes its own tests and deploys with no edit',
    args: [
      { syntax: '<name>', description: 'service name: lowercase letters, digits and "-", e.g. orders-api' },
    ],
    options: [
      { flags: '-t, --type <type>', description: 'service type', choices: SERVICE_TYPES },
      { flags: '-d, --dir <dir>', description: 'target directory (default: ./<name>)' },
      { flags: '-f, --force', description: 'write into a non-empty directory' },
      { flags: '-y, --yes', description: 'never prompt; fail when something is missing' },
    ],
    load: () => import('./create.js'),
  },
  {
    name: 'validate',
    summary: 'check the configuration and the security rules of every environment (nothing is changed)',
    options: [
      { flags: '-e, --env <name>', description: 'only this environment' },
      {
        flags: '-c, --config <file>',
        description: 'config file (default: clodo.config.ts/.mjs/.json found upwards)',
      },
    ],
    load: () => import('./validate.js'),
  },
  {
    name: 'emulator',
    summary: 'run the local Cloudflare emulator in the background (the `local` deployment target)',
    subcommands: [
      {
        name: 'start',
        summary: 'start it (or report the one already serving this state directory)',
        options: [
          { flags: '--port <port>', description: 'API port (default: any free port)' },
          { flags: '--state-dir <dir>', description: 'state directory', default: '.clodo/emulator' },
        ],
        load: async () => ({ run: (await import('./emulator.js')).start }),
      },
      {
        name: 'stop',
        summary: 'stop it',
        options: [{ flags: '--state-dir <dir>', description: 'state directory', default: '.clodo/emulator' }],
        load: async () => ({ run: (await import('./emulator.js')).stop }),
      },
      {
        name: 'status',
        summary: 'whether it runs, where, and since when',
        options: [{ flags: '--state-dir <dir>', description: 'state directory', default: '.clodo/emulator' }],
        load: async () => ({ run: (await import('./emulator.js')).status }),
      },
    ],
  },
];

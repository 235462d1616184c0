import type { CommandContext } from '../program.js';

export interface CommandModule {
  run(ctx: CommandContext): Promise<void>;
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
  load: () => Promise<CommandModule>;
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
];

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

export const COMMANDS: CommandSpec[] = [];

import { CliError, EXIT, type Io, main } from '@clodo/cli';

/** Old `clodo-service` commands that `clodo` serves under the same name. */
const SAME_NAME = new Set(['create']);

export const OLD_HELP = `Usage: clodo-service <command> [options]

The old Clodo command, kept as an alias of \`clodo\`.
  create <name> [options]   now \`clodo create\`

Run \`clodo --help\` for every command.
`;

/** Runs an old `clodo-service` command line through `clodo`, telling the user the new command on stderr. */
export async function runOldCommand(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(OLD_HELP);
    return EXIT.ok;
  }
  if (!SAME_NAME.has(command)) {
    io.stderr.write(
      `clodo-service: "${command}" has no equivalent in clodo yet; known: ${[...SAME_NAME].join(', ')}. Run \`clodo --help\`.\n`,
    );
    return EXIT.usage;
  }
  io.stderr.write(`clodo-service ${command} is now \`clodo ${command}\`\n`);
  try {
    return await main([command, ...rest], io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

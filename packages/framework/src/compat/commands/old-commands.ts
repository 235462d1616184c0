import type { Io } from '@clodo/cli';
import { SERVICE_TYPE_NAMES, SERVICE_TYPES } from '../service-management/service-types.js';

/** Old `clodo-service` commands that `clodo` serves under the same name; arguments are forwarded as given. */
const FORWARDED = new Set(['create', 'deploy', 'validate']);
const KNOWN = [...FORWARDED, 'list-types'];

/** `clodo`'s exit codes (0 success, 1 failure, 2 usage error). */
const EXIT = { ok: 0, usage: 2 } as const;

export const OLD_HELP = `Usage: clodo-service <command> [options]

The old Clodo command, kept as an alias of \`clodo\`.
  create <name> [options]   now \`clodo create\`
  deploy [options]          now \`clodo deploy\`
  validate [options]        now \`clodo validate\`
  list-types                the service types \`clodo create --type\` accepts

Run \`clodo --help\` for every command.
`;

function listTypes(argv: readonly string[], io: Io): number {
  if (argv.includes('--json')) {
    io.stdout.write(
      `${JSON.stringify(SERVICE_TYPE_NAMES.map((type) => ({ type, summary: SERVICE_TYPES[type] })))}\n`,
    );
    return EXIT.ok;
  }
  const width = Math.max(...SERVICE_TYPE_NAMES.map((t) => t.length));
  for (const type of SERVICE_TYPE_NAMES) io.stdout.write(`${type.padEnd(width)}  ${SERVICE_TYPES[type]}\n`);
  return EXIT.ok;
}

/** Runs an old `clodo-service` command line through `clodo`, telling the user the new command on stderr. */
export async function runOldCommand(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(OLD_HELP);
    return EXIT.ok;
  }
  if (command === 'list-types') {
    io.stderr.write('clodo-service list-types: the same types are listed by `clodo create --help`\n');
    return listTypes(rest, io);
  }
  if (!FORWARDED.has(command)) {
    io.stderr.write(
      `clodo-service: unknown command "${command}"; known: ${KNOWN.join(', ')}. Run \`clodo --help\` for the new commands.\n`,
    );
    return EXIT.usage;
  }
  io.stderr.write(`clodo-service ${command} is now \`clodo ${command}\`\n`);
  // Loaded only when forwarding, so `--help` and `list-types` start fast.
  const { CliError, main } = await import('@clodo/cli');
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

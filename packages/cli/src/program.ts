import { Command, CommanderError, Option } from 'commander';
import manifest from '../package.json' with { type: 'json' };
import { COMMANDS, type CommandSpec } from './commands/registry.js';
import { CliError, EXIT } from './errors.js';
import { type Io, Output } from './output.js';

export interface CommandContext {
  args: string[];
  options: Record<string, unknown>;
  out: Output;
  io: Io;
}

function register(parent: Command, spec: CommandSpec, io: Io, outcome: { code: number }): void {
  const cmd = parent.command(spec.name).description(spec.summary);
  for (const arg of spec.args ?? []) cmd.argument(arg.syntax, arg.description);
  for (const opt of spec.options ?? []) {
    const option = new Option(opt.flags, opt.description);
    if (opt.choices) option.choices(opt.choices);
    if (opt.default !== undefined) option.default(opt.default);
    cmd.addOption(option);
  }
  if (spec.subcommands) {
    for (const sub of spec.subcommands) register(cmd, sub, io, outcome);
    return;
  }
  cmd.option('--json', 'print one JSON document on stdout and nothing else');
  cmd.action(async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const options = command.opts();
    const args = command.args.slice(0, spec.args?.length ?? 0);
    const out = new Output(io, { json: Boolean(options.json) });
    if (!spec.load) throw new Error(`command ${spec.name} has no implementation`);
    const mod = await spec.load();
    const code = await mod.run({ args, options, out, io });
    if (typeof code === 'number') outcome.code = code;
  });
}

export function buildProgram(io: Io, outcome: { code: number } = { code: EXIT.ok }): Command {
  const program = new Command('clodo')
    .description('Build, deploy, test and roll back Cloudflare Workers + D1 services.')
    .version(manifest.version, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  for (const spec of COMMANDS) register(program, spec, io, outcome);
  program.addHelpText(
    'after',
    '\nEvery command takes --help and --json. Exit codes: 0 success, 1 failure, 2 usage error.\n',
  );
  return program;
}

/** Runs the CLI and returns its exit code; user errors print one line, never a stack trace. */
export async function main(argv: string[], io: Io): Promise<number> {
  const outcome = { code: EXIT.ok as number };
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const jsonRequested = argv.includes('--json');
    const out = new Output(io, { json: jsonRequested });
    if (error instanceof CliError) {
      out.error(error.message, (error as { problems?: unknown }).problems);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.error(`${message} (set CLODO_DEBUG=1 for details)`);
    if (io.env.CLODO_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
}

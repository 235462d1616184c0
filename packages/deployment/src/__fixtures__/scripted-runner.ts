import type { CommandRunner, WranglerCommand, WranglerResult } from '../runner/command-runner.js';

type Reply =
  | Partial<WranglerResult>
  | Error
  | ((command: WranglerCommand) => Promise<Partial<WranglerResult>>);

/** A CommandRunner that answers each command with the next scripted reply and records what it got. */
export class ScriptedRunner implements CommandRunner {
  readonly commands: WranglerCommand[] = [];
  readonly #replies: Reply[];

  constructor(replies: Reply[]) {
    this.#replies = [...replies];
  }

  async run(command: WranglerCommand): Promise<WranglerResult> {
    this.commands.push(structuredClone(command));
    const reply = this.#replies.shift();
    if (reply === undefined) throw new Error(`unexpected command: wrangler ${command.args.join(' ')}`);
    if (reply instanceof Error) throw reply;
    const value = typeof reply === 'function' ? await reply(command) : reply;
    return { stdout: '', stderr: '', outputs: [], attempts: 1, durationMs: 1, ...value };
  }
}

import type { CommandRunner, WranglerCommand, WranglerResult } from '../runner/command-runner.js';

/** One scripted answer: a result, an error to throw, or a function computing either. */
export type ScriptedReply =
  | Partial<WranglerResult>
  | Error
  | ((command: WranglerCommand) => Promise<Partial<WranglerResult>>);

/**
 * A `CommandRunner` for fault injection: answers each command with the next scripted reply (a
 * `DeploymentError` to simulate a wrangler exit code, a timeout or a 429) and records every command.
 * An unscripted command fails the test loudly.
 */
export class ScriptedRunner implements CommandRunner {
  readonly commands: WranglerCommand[] = [];
  readonly #replies: ScriptedReply[];

  constructor(replies: ScriptedReply[]) {
    this.#replies = [...replies];
  }

  /** Replies not yet consumed. */
  get remaining(): number {
    return this.#replies.length;
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

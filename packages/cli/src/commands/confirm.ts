import { UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';

/**
 * Changes to a production-level environment need a yes: `--yes`, or an answer on a terminal.
 * Without a terminal (CI, pipes, --json) a missing `--yes` is a usage error, never a hang.
 */
export async function confirmProduction(
  { options, out }: CommandContext,
  environment: string,
  action: string,
): Promise<void> {
  const { environmentLevel } = await import('@clodo/security');
  if (environmentLevel(environment) !== 'production' || options.yes) return;
  if (!out.interactive) {
    throw new UsageError(`${action}: ${environment} is a production environment; pass --yes to confirm`);
  }
  const { confirm, isCancel } = await import('@clack/prompts');
  const answer = await confirm({ message: `${action}?`, initialValue: false });
  if (isCancel(answer) || answer !== true) throw new UsageError(`cancelled: ${action}`);
}

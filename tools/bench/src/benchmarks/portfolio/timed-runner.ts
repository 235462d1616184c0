import type { CommandRunner, WranglerCommand, WranglerResult } from '@clodo/deployment';
import { median } from '../../stats.ts';

export interface Spawn {
  command: string;
  ms: number;
}

/** Wraps the real wrangler runner and records how long each wrangler process took, by command. */
export class TimedRunner implements CommandRunner {
  readonly spawns: Spawn[] = [];
  readonly #inner: CommandRunner;

  constructor(inner: CommandRunner) {
    this.#inner = inner;
  }

  async run(command: WranglerCommand): Promise<WranglerResult> {
    const started = performance.now();
    try {
      return await this.#inner.run(command);
    } finally {
      const name = command.args.includes('--dry-run') ? `${command.args[0]} --dry-run` : command.args[0];
      this.spawns.push({ command: name ?? '?', ms: performance.now() - started });
    }
  }

  /** `deploy: 10 × 2.31 s median` for the spawns recorded since `from`. */
  describe(from = 0): string {
    const by = new Map<string, number[]>();
    for (const s of this.spawns.slice(from)) by.set(s.command, [...(by.get(s.command) ?? []), s.ms]);
    return [...by]
      .map(
        ([command, ms]) => `wrangler ${command}: ${ms.length} × ${(median(ms) / 1000).toFixed(2)} s median`,
      )
      .join(', ');
  }

  /** Median of one command's spawns since `from`, in ms (undefined when it never ran). */
  median(command: string, from = 0): number | undefined {
    const ms = this.spawns
      .slice(from)
      .filter((s) => s.command === command)
      .map((s) => s.ms);
    return ms.length > 0 ? median(ms) : undefined;
  }
}

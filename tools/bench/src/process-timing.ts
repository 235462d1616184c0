import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Command {
  label: string;
  file: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Wall time of one run in milliseconds; a failing command is an error, never a fast sample. */
export function timeOnce(cmd: Command): number {
  const start = performance.now();
  const res = spawnSync(cmd.file, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const elapsed = performance.now() - start;
  if (res.status !== 0) {
    throw new Error(
      `${cmd.label} exited ${res.status}: ${String(res.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  return elapsed;
}

/** hyperfine-style: warm-up runs, then alternating runs of every command; per-command samples. */
export function alternate(commands: Command[], runs: number, warmup = 2): number[][] {
  for (let i = 0; i < warmup; i++) for (const c of commands) timeOnce(c);
  const samples = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    for (const [j, c] of commands.entries()) samples[j]!.push(timeOnce(c));
  }
  return samples;
}

import { readdirSync, readFileSync } from 'node:fs';

/**
 * /proc/<pid>/stat fields after the parenthesised command name: state is [0], ppid [1], utime [11],
 * stime [12], cutime [13], cstime [14]. Times are in USER_HZ, 100 per second on every mainstream Linux
 * architecture. Undefined off Linux or once the process is gone.
 */
export function statFields(pid: number | 'self'): { comm: string; rest: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), rest: stat.slice(close + 2).split(' ') };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) a running process has used so far; undefined off Linux or once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  const fields = statFields(pid)?.rest;
  if (!fields) return undefined;
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

/**
 * Runs `work` and divides the CPU `read` reports meanwhile (ms) by `count(result)`, in µs per item;
 * `perItemMicros` is undefined when either reading is.
 */
export async function meterCpu<T>(
  read: () => number | undefined,
  work: () => Promise<T>,
  count: (result: T) => number,
): Promise<{ result: T; perItemMicros: number | undefined }> {
  const before = read();
  const result = await work();
  const after = read();
  const perItemMicros =
    before === undefined || after === undefined ? undefined : ((after - before) * 1000) / count(result);
  return { result, perItemMicros };
}

/** The live children of this process whose command name is `comm` (empty off Linux). */
export function childProcesses(comm: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const own = String(process.pid);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statFields(Number(entry));
    if (stat?.comm === comm && stat.rest[1] === own) pids.push(Number(entry));
  }
  return pids;
}

import { readdirSync, readFileSync } from 'node:fs';

// /proc/<pid>/stat fields after the parenthesised command name: state is [0], ppid [1], utime [11],
// stime [12]. Times are in USER_HZ, 100 per second on every mainstream Linux architecture.
function statFields(pid: number): { comm: string; rest: string[] } | undefined {
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

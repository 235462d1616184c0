import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of this process plus every child it has waited for: wrangler
 * processes and retired workerd generations. Children come from `/proc/self/stat`, so off Linux
 * only this process is counted and `children` is false.
 */
export function cpuSpent(): { ms: number; children: boolean } {
  const own = process.cpuUsage();
  const ownMs = (own.user + own.system) / 1000;
  try {
    // Fields after the parenthesised command name; cutime and cstime are the 14th and 15th.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[13]) + Number(fields[14]);
    if (!Number.isFinite(ticks)) return { ms: ownMs, children: false };
    // Linux reports these in USER_HZ, 100 per second on every mainstream architecture.
    return { ms: ownMs + ticks * 10, children: true };
  } catch {
    return { ms: ownMs, children: false };
  }
}

import { statFields } from '../../process-cpu.ts';

/**
 * CPU time (user + system, ms) of this process plus every child it has waited for: wrangler
 * processes and retired workerd generations. Children come from `/proc/self/stat`, so off Linux
 * only this process is counted and `children` is false.
 */
export function cpuSpent(): { ms: number; children: boolean } {
  const own = process.cpuUsage();
  const ownMs = (own.user + own.system) / 1000;
  const fields = statFields('self')?.rest ?? [];
  // Children's times (cutime, cstime) in USER_HZ.
  const ticks = Number(fields[13]) + Number(fields[14]);
  if (!Number.isFinite(ticks)) return { ms: ownMs, children: false };
  return { ms: ownMs + ticks * 10, children: true };
}

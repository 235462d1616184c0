import autocannon from 'autocannon';
import { loadTest } from '@clodo/testers';

/** What one generator run reports, the same shape for both tools. */
export interface GeneratorRun {
  tool: 'loadtester' | 'autocannon';
  completed: number;
  errors: number;
  elapsedMs: number;
  requestsPerSec: number;
  /** Generator CPU (user + system) per completed request, during the run only. */
  cpuMicrosPerRequest: number;
}

// Each generator runs in its own process (argv: tool url connections pipelining durationMs), so
// neither shares an event loop with the server or with the other; one JSON line on stdout.
const [tool, url, connections, pipelining, durationMs] = process.argv.slice(2);
const c = Number(connections);
const p = Number(pipelining);
const ms = Number(durationMs);
if ((tool !== 'loadtester' && tool !== 'autocannon') || !url || !(c > 0) || !(p > 0) || !(ms > 0)) {
  process.stderr.write('usage: generator.ts loadtester|autocannon <url> <connections> <pipelining> <ms>\n');
  process.exit(2);
}

const cpuBefore = process.cpuUsage();
let run: Omit<GeneratorRun, 'cpuMicrosPerRequest'>;
if (tool === 'loadtester') {
  const r = await loadTest({ url, connections: c, pipelining: p, durationMs: ms });
  run = {
    tool,
    completed: r.requests,
    errors: r.errors,
    elapsedMs: r.elapsedMs,
    requestsPerSec: r.requestsPerSec,
  };
} else {
  const r = await autocannon({ url, connections: c, pipelining: p, duration: ms / 1000 });
  const completed = r.requests.total;
  const elapsedMs = r.duration * 1000;
  run = {
    tool,
    completed,
    errors: r.errors + r.timeouts + r.non2xx,
    elapsedMs,
    requestsPerSec: (completed * 1000) / elapsedMs,
  };
}
const cpu = process.cpuUsage(cpuBefore);
const cpuMicrosPerRequest = (cpu.user + cpu.system) / Math.max(1, run.completed);
process.stdout.write(`${JSON.stringify({ ...run, cpuMicrosPerRequest } satisfies GeneratorRun)}\n`);

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
  /** Responses during the untimed warm-up (the server works for those too). */
  warmupCompleted: number;
}

// Each generator runs in its own process (argv: tool url connections pipelining durationMs
// warmupMs), so neither shares an event loop with the server or with the other; one JSON line on
// stdout. The warm-up is a run of the same tool in the same process, untimed, so what is measured is
// each tool's rate once its JIT has compiled its hot path, not how fast a cold process gets there.
const [tool, url, connections, pipelining, durationMs, warmupMs = '0'] = process.argv.slice(2);
const c = Number(connections);
const p = Number(pipelining);
const ms = Number(durationMs);
const warm = Number(warmupMs);
if (
  (tool !== 'loadtester' && tool !== 'autocannon') ||
  !url ||
  !(c > 0) ||
  !(p > 0) ||
  !(ms > 0) ||
  !(warm >= 0)
) {
  process.stderr.write(
    'usage: generator.ts loadtester|autocannon <url> <connections> <pipelining> <ms> [warmup ms]\n',
  );
  process.exit(2);
}

const target: string = url;

type Generated = Omit<GeneratorRun, 'cpuMicrosPerRequest' | 'warmupCompleted'>;

async function generate(durationMs: number): Promise<Generated> {
  if (tool === 'loadtester') return runLoadTester(durationMs);
  return runAutocannon(durationMs);
}

const warmupCompleted = warm > 0 ? (await generate(warm)).completed : 0;
const cpuBefore = process.cpuUsage();
const run = await generate(ms);
const cpu = process.cpuUsage(cpuBefore);
const cpuMicrosPerRequest = (cpu.user + cpu.system) / Math.max(1, run.completed);
process.stdout.write(
  `${JSON.stringify({ ...run, cpuMicrosPerRequest, warmupCompleted } satisfies GeneratorRun)}\n`,
);

async function runLoadTester(ms: number): Promise<Generated> {
  const r = await loadTest({ url: target, connections: c, pipelining: p, durationMs: ms });
  return {
    tool: 'loadtester',
    completed: r.requests,
    errors: r.errors,
    elapsedMs: r.elapsedMs,
    requestsPerSec: r.requestsPerSec,
  };
}

async function runAutocannon(ms: number): Promise<Generated> {
  const r = await autocannon({ url: target, connections: c, pipelining: p, duration: ms / 1000 });
  const completed = r.requests.total;
  const elapsedMs = r.duration * 1000;
  return {
    tool: 'autocannon',
    completed,
    errors: r.errors + r.timeouts + r.non2xx,
    elapsedMs,
    requestsPerSec: (completed * 1000) / elapsedMs,
  };
}

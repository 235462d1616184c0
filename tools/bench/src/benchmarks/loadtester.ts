import { median } from '../stats.ts';
import { type Benchmark, result } from '../types.ts';
import type { GeneratorRun } from './loadtester/generator.ts';
import { runGenerator, startHelloServer } from './loadtester/processes.ts';

interface Plan {
  connections: number;
  /** One result row per pipelining depth. */
  pipelining: number[];
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

const FULL: Plan = { connections: 10, pipelining: [1, 10], warmupMs: 1_000, rounds: 7, roundMs: 2_000 };
const SMOKE: Plan = { connections: 4, pipelining: [1], warmupMs: 0, rounds: 1, roundMs: 1_000 };

/**
 * LoadTester against autocannon: one trivial loopback server, each generator in its own process with
 * the same connections, pipelining, warm-up and duration, in alternating order round by round; median
 * of rounds.
 */
export const loadtester: Benchmark = {
  name: 'loadtester',
  description: 'LoadTester max req/s vs autocannon against one trivial loopback server',
  async run(ctx) {
    const plan = ctx.smoke ? SMOKE : FULL;
    const server = await startHelloServer();
    try {
      const results = [];
      for (const pipelining of plan.pipelining) {
        // Every run warms its own process up first (same time for both tools): a fresh process per
        // run keeps the tools apart, and without it each round would time a cold JIT, not a max rate.
        const settings = {
          url: server.url,
          connections: plan.connections,
          pipelining,
          warmupMs: plan.warmupMs,
        };
        const runs: Record<GeneratorRun['tool'], GeneratorRun[]> = { loadtester: [], autocannon: [] };
        for (let round = 0; round < plan.rounds; round++) {
          const order: GeneratorRun['tool'][] =
            round % 2 === 0 ? ['loadtester', 'autocannon'] : ['autocannon', 'loadtester'];
          for (const tool of order) {
            const run = await runGenerator(tool, { ...settings, durationMs: plan.roundMs });
            runs[tool].push(run);
            ctx.log(
              `  p${pipelining} round ${round + 1} ${tool}: ${Math.round(run.requestsPerSec)} req/s, ${run.cpuMicrosPerRequest.toFixed(1)} µs CPU/req`,
            );
          }
        }
        const rate = (tool: GeneratorRun['tool']) => median(runs[tool].map((r) => r.requestsPerSec));
        const cpu = (tool: GeneratorRun['tool']) =>
          median(runs[tool].map((r) => r.cpuMicrosPerRequest)).toFixed(1);
        results.push(
          result({
            name: `LoadTester req/s, ${plan.connections} connections, pipelining ${pipelining}${ctx.smoke ? ' (smoke)' : ''}`,
            target: '≥ 1.0× autocannon',
            measured: rate('loadtester'),
            baseline: rate('autocannon'),
            unit: 'req/s',
            limit: 1,
            direction: 'min',
            notes: `median of ${plan.rounds} alternating ${plan.roundMs} ms rounds, each after a ${plan.warmupMs} ms warm-up in the same process; generator CPU per request: LoadTester ${cpu('loadtester')} µs, autocannon ${cpu('autocannon')} µs`,
          }),
        );
      }
      return results;
    } finally {
      await server.stop();
    }
  },
};

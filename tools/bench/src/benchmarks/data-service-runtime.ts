import { type LoadShape, loadRound, type RoundResult } from '../data-service/load-rounds.ts';
import { checkSameAnswers } from '../data-service/parity.ts';
import { type BenchProjects, withBenchProjects } from '../data-service/projects.ts';
import { SCENARIOS, type ScenarioName, scenarioFor } from '../data-service/scenarios.ts';
import { seedDatabase, seedRows } from '../data-service/seed.ts';
import { migrationStatements, type RunningWorker, startWorker } from '../data-service/workerd.ts';
import { meterCpu } from '../process-cpu.ts';
import { median } from '../stats.ts';
import { type BenchContext, type Benchmark, type BenchResult, result } from '../types.ts';

interface Plan {
  connections: number;
  /** Seconds of warm-up per worker and scenario (after 2 s the first rounds still ran below steady state); its rate sizes the rounds. */
  warmupSeconds: number;
  rounds: number;
  /** Aimed length of one round; every round of a scenario sends the same number of requests. */
  roundSeconds: number;
}

const FULL: Plan = { connections: 10, warmupSeconds: 5, rounds: 9, roundSeconds: 2 };
const SMOKE: Plan = { connections: 4, warmupSeconds: 0.25, rounds: 1, roundSeconds: 0.4 };

/** The scenarios PRODUCT §10 sets targets for. */
const TARGETS: ReadonlySet<ScenarioName> = new Set(['get-by-id', 'list']);

const LABEL: Record<ScenarioName, string> = {
  'get-by-id': 'GET by id',
  list: 'list, filter + sort',
  create: 'create',
};

/**
 * The generated data service (`clodo create --type data-service`) against a hand-written Hono + D1 worker:
 * same schema, seed data, requests, bundler (wrangler) and workerd; alternating rounds, median of rounds.
 */
export const dataServiceRuntime: Benchmark = {
  name: 'runtime',
  description: 'generated data service vs hand-written Hono + D1 on workerd: req/s and p99',
  async run(ctx) {
    const plan = ctx.smoke ? SMOKE : FULL;
    ctx.log('bundling both workers with wrangler deploy --dry-run…');
    return withBenchProjects(ctx.root, (projects) => measure(ctx, plan, projects));
  },
};

async function measure(
  ctx: BenchContext,
  plan: Plan,
  { generated, handWritten }: BenchProjects,
): Promise<BenchResult[]> {
  const rows = seedRows();
  const schema = migrationStatements(generated.projectDir);
  const workers: RunningWorker[] = [];
  try {
    for (const bundle of [generated, handWritten]) {
      const worker = await startWorker(bundle);
      workers.push(worker);
      await seedDatabase(worker, schema, rows);
    }
    const [gen, base] = workers as [RunningWorker, RunningWorker];
    await checkSameAnswers(gen, base, rows);
    const results: BenchResult[] = [];
    for (const scenario of SCENARIOS) results.push(...(await compare(ctx, plan, scenario, gen, base, rows)));
    const logs = workers.map((w) => `${w.label}: ${w.logLines()} log lines`).join(', ');
    ctx.log(logs);
    return results;
  } finally {
    await Promise.all(workers.map((w) => w.close().catch(() => {})));
  }
}

async function compare(
  ctx: BenchContext,
  plan: Plan,
  scenario: ScenarioName,
  gen: RunningWorker,
  base: RunningWorker,
  rows: ReturnType<typeof seedRows>,
): Promise<BenchResult[]> {
  const sequences = new Map([
    [gen, scenarioFor(scenario, rows)],
    [base, scenarioFor(scenario, rows)],
  ]);
  const warm: number[] = [];
  for (const worker of [gen, base]) {
    const r = await loadRound(worker.url, sequences.get(worker)!, {
      seconds: plan.warmupSeconds,
      connections: plan.connections,
    });
    warm.push(r.rps);
  }
  const amount = Math.max(50, Math.round(((warm[0]! + warm[1]!) / 2) * plan.roundSeconds));
  const shape: LoadShape = { amount, connections: plan.connections };
  const samples = new Map<RunningWorker, RoundResult[]>([
    [gen, []],
    [base, []],
  ]);
  // workerd CPU per request: the rate's cost without the machine's scheduling in it (a worker's
  // requests run on one thread, so when that thread is saturated req/s is about 1 / this).
  const cpuPerRequest = new Map<RunningWorker, number[]>([
    [gen, []],
    [base, []],
  ]);
  for (let round = 0; round < plan.rounds; round++) {
    // Alternate who goes first so neither always runs on the cooler (or warmer) machine.
    const order = round % 2 === 0 ? [gen, base] : [base, gen];
    for (const worker of order) {
      const { result: r, perItemMicros: cpu } = await meterCpu(
        () => worker.cpuMs(),
        () => loadRound(worker.url, sequences.get(worker)!, shape),
        (round) => round.requests,
      );
      samples.get(worker)!.push(r);
      if (cpu !== undefined) cpuPerRequest.get(worker)!.push(cpu);
      ctx.log(
        `${LABEL[scenario]} round ${round + 1} ${worker.label}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99.toFixed(2)} ms${cpu === undefined ? '' : `, workerd ${cpu.toFixed(0)} µs CPU/req`}`,
      );
    }
  }
  const rps = (w: RunningWorker) => median(samples.get(w)!.map((r) => r.rps));
  const p99 = (w: RunningWorker) => median(samples.get(w)!.map((r) => r.p99));
  const suffix = ctx.smoke ? ' (smoke)' : '';
  // Rounds run back to back, so the ratio within a round pair is less exposed to the machine's drift; shown
  // beside the ratio of medians (the figure judged) as a check on it.
  const paired = (pick: (r: RoundResult) => number) =>
    median(samples.get(gen)!.map((r, i) => pick(r) / pick(samples.get(base)![i]!))).toFixed(2);
  const shapeNote = `${plan.rounds} alternating rounds of ${amount} requests over ${plan.connections} connections after ${plan.warmupSeconds} s warm-up; median of rounds`;
  const cpuOf = (w: RunningWorker) => cpuPerRequest.get(w)!;
  const cpuNote =
    cpuOf(gen).length === plan.rounds && cpuOf(base).length === plan.rounds
      ? `; workerd CPU per request, median of rounds: generated ${median(cpuOf(gen)).toFixed(0)} µs, hand-written ${median(cpuOf(base)).toFixed(0)} µs`
      : '';
  // §10 names GET by id and list; create is measured the same way and shown beside them.
  const informational = !TARGETS.has(scenario);
  const notes = (pick: (r: RoundResult) => number) =>
    `${informational ? 'not a §10 target, shown for information; ' : ''}${shapeNote}; median of per-round ratios ${paired(pick)}×${cpuNote}`;
  return [
    result({
      name: `data service ${LABEL[scenario]}, req/s${suffix}`,
      target: '≥ 1.0× hand-written Hono + D1',
      measured: rps(gen),
      baseline: rps(base),
      unit: 'req/s',
      limit: 1,
      direction: 'min',
      informational,
      notes: notes((r) => r.rps),
    }),
    result({
      name: `data service ${LABEL[scenario]}, p99${suffix}`,
      target: '≤ 1.1× hand-written Hono + D1',
      measured: p99(gen),
      baseline: p99(base),
      unit: 'ms',
      limit: 1.1,
      direction: 'max',
      informational,
      notes: notes((r) => r.p99),
    }),
  ];
}

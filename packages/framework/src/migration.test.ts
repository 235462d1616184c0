import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { main } from '@clodo/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOldCommand } from './compat/commands/old-commands.js';

// Every example of README.md and MIGRATION.md runs: scripts with this Node, Workers against real D1 in workerd, shell lines
// through the same entry points the `clodo` and `clodo-service` bins call.
const packageDir = join(import.meta.dirname, '..');
const run = promisify(execFile);

interface Example {
  doc: string;
  line: number;
  kind: 'script' | 'worker' | 'shell';
  request?: { method: string; path: string; body?: string; status: number };
  /** Scripts of one pair (before and after) must print the same. */
  pair?: string;
  code: string;
}

function examples(doc: string, markdown: string): Example[] {
  const found: Example[] = [];
  const pattern =
    /<!-- example: (script(?: pair=(\w+))?|shell|worker (\w+) (\S+)(?: (.+?))? -> (\d{3})) -->\n```\w+\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    const kind = m[1]!.split(' ')[0] as Example['kind'];
    found.push({
      doc,
      line,
      kind,
      code: m[7]!,
      ...(m[2] ? { pair: m[2] } : {}),
      ...(kind === 'worker'
        ? { request: { method: m[3]!, path: m[4]!, ...(m[5] ? { body: m[5] } : {}), status: Number(m[6]) } }
        : {}),
    });
  }
  return found;
}

// Runs each Worker module's fetch once, each with its own fresh D1 database bound as DB, in one workerd.
const WORKER_DRIVER = `
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
const jobs = JSON.parse(process.argv[2]);
const mf = new Miniflare(
  convertV4MiniflareOptions({ modules: true, script: 'export default {}', d1Databases: jobs.map((_, i) => 'DB' + i) }),
);
const statuses = [];
try {
  for (const [i, job] of jobs.entries()) {
    const DB = await mf.getD1Database('DB' + i);
    const worker = (await import(job.file)).default;
    const init = job.body ? { method: job.method, body: job.body, headers: { 'content-type': 'application/json' } } : { method: job.method };
    const response = await worker.fetch(new Request('http://example.test' + job.path, init), { DB }, { waitUntil() {}, passThroughOnException() {} });
    statuses.push(response.status);
  }
} finally {
  await mf.dispose();
}
console.log(JSON.stringify(statuses));
`;

const all = [
  ...examples('README.md', await readFile(join(packageDir, 'README.md'), 'utf8')),
  ...examples('MIGRATION.md', await readFile(join(packageDir, 'MIGRATION.md'), 'utf8')),
];
const migration = all.filter((e) => e.doc === 'MIGRATION.md');
let workDir: string;
const workers = all.filter((e) => e.kind === 'worker');
let workerStatuses: number[] = [];

beforeAll(async () => {
  // Inside the package (a git-ignored folder), so `@clodo/framework/...` resolves to the built package by its own name.
  workDir = join(packageDir, '.scratch', `migration-examples-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  await writeFile(join(workDir, 'driver.mjs'), WORKER_DRIVER);
  const jobs = [];
  for (const example of workers) {
    const file = join(workDir, `worker-${example.doc}-${example.line}.mjs`);
    await writeFile(file, example.code);
    jobs.push({ file, ...example.request });
  }
  const { stdout } = await run(process.execPath, ['driver.mjs', JSON.stringify(jobs)], {
    cwd: workDir,
    timeout: 120_000,
  });
  workerStatuses = JSON.parse(stdout.trim().split('\n').pop()!) as number[];
}, 150_000);
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function capture(cwd: string) {
  const text = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _enc, done) {
        text[key] += String(chunk);
        done();
      },
    });
  return { text, io: { stdout: sink('stdout'), stderr: sink('stderr'), env: {}, cwd } };
}

describe('README.md and MIGRATION.md examples', () => {
  it('has before/after examples for imports, modules, routing, service management and commands', () => {
    expect(migration.filter((e) => e.kind === 'script').length).toBeGreaterThanOrEqual(10);
    expect(migration.filter((e) => e.kind === 'worker').length).toBeGreaterThanOrEqual(6);
    expect(migration.filter((e) => e.kind === 'shell').length).toBe(2);
    expect(all.filter((e) => e.doc === 'README.md').length).toBe(2);
    expect(new Set(migration.flatMap((e) => (e.pair ? [e.pair] : []))).size).toBeGreaterThanOrEqual(4);
  });

  for (const [index, example] of workers.entries()) {
    it(`answers the Worker example at ${example.doc}:${example.line} with ${example.request!.status}`, () => {
      expect(workerStatuses[index]).toBe(example.request!.status);
    });
  }

  const outputs = new Map<Example, Promise<string>>();
  const runScript = (example: Example): Promise<string> => {
    let output = outputs.get(example);
    if (!output) {
      output = (async () => {
        const file = join(workDir, `example-${example.doc}-${example.line}.mjs`);
        await writeFile(file, example.code);
        return (await run(process.execPath, [file], { cwd: workDir, timeout: 60_000 })).stdout;
      })();
      outputs.set(example, output);
    }
    return output;
  };

  for (const example of all.filter((e) => e.kind === 'script')) {
    it.concurrent(`runs the script example at ${example.doc}:${example.line}`, async () => {
      await runScript(example);
    }, 90_000);
  }

  const pairs = new Map<string, Example[]>();
  for (const e of all) if (e.pair) pairs.set(e.pair, [...(pairs.get(e.pair) ?? []), e]);
  for (const [pair, members] of pairs) {
    it.concurrent(`prints the same before and after (${pair})`, async () => {
      expect(members).toHaveLength(2);
      const [before, after] = await Promise.all(members.map(runScript));
      expect(before!.trim()).not.toBe('');
      expect(after).toBe(before);
    }, 90_000);
  }

  for (const example of all.filter((e) => e.kind === 'shell')) {
    it(`runs the commands at ${example.doc}:${example.line}`, async () => {
      let cwd = await mkdtemp(join(tmpdir(), 'clodo-migration-'));
      const root = cwd;
      try {
        for (const line of example.code.split('\n').filter((l) => l.trim() !== '')) {
          const [command, ...args] = line.replace(/^npx /, '').split(/\s+/);
          if (command === 'cd') {
            cwd = join(cwd, args[0]!);
            continue;
          }
          const { text, io } = capture(cwd);
          const code = command === 'clodo-service' ? await runOldCommand(args, io) : await main(args, io);
          expect({ line, code, stderr: text.stderr }).toMatchObject({ line, code: 0 });
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }, 120_000);
  }
});

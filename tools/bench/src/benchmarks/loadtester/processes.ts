import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { processCpuMs } from '../../process-cpu.ts';
import type { GeneratorRun } from './generator.ts';

const here = import.meta.dirname;

export interface HelloServer {
  url: string;
  /** CPU time (ms) the server process has used so far; undefined where it cannot be read. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/** Starts the trivial server in its own process and waits for its port. */
export async function startHelloServer(): Promise<HelloServer> {
  const child = spawn(process.execPath, [join(here, 'hello-server.ts')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(Number(line));
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
    });
    child.once('exit', (code) => reject(new Error(`hello server exited ${code}: ${err.trim()}`)));
  });
  const pid = child.pid;
  return {
    url: `http://127.0.0.1:${port}/`,
    cpuMs: () => (pid === undefined ? undefined : processCpuMs(pid)),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface GeneratorSettings {
  url: string;
  connections: number;
  pipelining: number;
  durationMs: number;
  /** An untimed run of the same tool in the same process first, so the timed run is not a cold start. */
  warmupMs: number;
}

/** Runs one generator in a fresh process; a failed or erroring run is an error, never a slow sample. */
export async function runGenerator(tool: GeneratorRun['tool'], s: GeneratorSettings): Promise<GeneratorRun> {
  const args = [
    join(here, 'generator.ts'),
    tool,
    s.url,
    s.connections,
    s.pipelining,
    s.durationMs,
    s.warmupMs,
  ].map(String);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${tool} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
  const run = JSON.parse(out.trim().split('\n').at(-1) ?? '') as GeneratorRun;
  if (run.completed === 0 || run.errors > 0) {
    throw new Error(`${tool}: ${run.completed} responses, ${run.errors} errors against ${s.url}`);
  }
  return run;
}

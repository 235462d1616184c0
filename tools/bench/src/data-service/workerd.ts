import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { childProcesses, processCpuMs } from '../process-cpu.ts';
import type { WorkerBundle } from './projects.ts';

/** The same key in both workers; only sent by the create scenario. */
export const BENCH_API_KEY = 'bench-api-key-0123456789abcdef0123456789';

export interface RunningWorker {
  label: string;
  /** Direct socket of the worker in workerd, on 127.0.0.1. */
  url: URL;
  /** Lines the worker wrote with console.log (both workers log one per request). */
  logLines(): number;
  /** CPU time (ms) the worker's workerd process has used so far; undefined where it cannot be read. */
  cpuMs(): number | undefined;
  sql(statements: readonly string[], rows?: readonly unknown[][]): Promise<void>;
  close(): Promise<void>;
}

/** Starts one bundle in its own workerd process with its own D1 database, listening on loopback. */
export async function startWorker(bundle: WorkerBundle): Promise<RunningWorker> {
  let lines = 0;
  const errors: string[] = [];
  // Workers start one at a time, so the workerd child that appears while this one starts is its process.
  const running = new Set(childProcesses('workerd'));
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      logRequests: false,
      handleStructuredLogs: ({ level, message }) => {
        lines++;
        if (level === 'error' && errors.length < 5) errors.push(message);
      },
      modules: true,
      scriptPath: bundle.mainModule,
      // Module names are relative to this root; the default (cwd) would put the bundle outside it.
      modulesRoot: dirname(bundle.mainModule),
      compatibilityDate: bundle.compatibilityDate,
      compatibilityFlags: bundle.compatibilityFlags,
      d1Databases: ['DB'],
      // A socket straight into the worker, skipping Miniflare's entry worker (the same for both workers).
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      bindings: { ...bundle.vars, API_KEY: BENCH_API_KEY },
    }),
  );
  try {
    await mf.ready;
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw new Error(
      `${bundle.label} did not start in workerd: ${(error as Error).message} ${errors.join('; ')}`,
    );
  }
  const started = childProcesses('workerd').filter((pid) => !running.has(pid));
  const pid = started.length === 1 ? started[0] : undefined;
  const url = await mf.unsafeGetDirectURL();
  const db = (await mf.getD1Database('DB')) as unknown as {
    prepare(sql: string): { bind(...values: unknown[]): unknown };
    batch(statements: unknown[]): Promise<unknown>;
  };
  return {
    label: bundle.label,
    url,
    logLines: () => lines,
    cpuMs: () => (pid === undefined ? undefined : processCpuMs(pid)),
    async sql(statements, rows) {
      const prepared = statements.map((s, i) => {
        const statement = db.prepare(s);
        const values = rows?.[i];
        return values && values.length > 0 ? statement.bind(...values) : statement;
      });
      await db.batch(prepared);
    },
    close: () => mf.dispose(),
  };
}

/** The statements of every migration file of a project, in order (wrangler's D1 format). */
export function migrationStatements(projectDir: string): string[] {
  const dir = join(projectDir, 'migrations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split(/;\s*(?:\n|$)/)
        .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
        .filter(Boolean),
    );
}

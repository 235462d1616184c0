import { fileURLToPath } from 'node:url';
import { schemaSql } from '@clodo/services';
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { users } from './clodo-worker.js';

export interface WorkerdService {
  url: string;
  rows(): Promise<number>;
  close(): Promise<void>;
}

/** Bundles the Clodo worker, serves it from workerd on 127.0.0.1 with a real D1 database. */
export async function startWorkerdService(apiKey: string, jwtSecret: string): Promise<WorkerdService> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./clodo-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: bundle.outputFiles[0]?.text ?? '',
      compatibilityDate: '2026-11-01',
      d1Databases: ['DB'],
      bindings: { API_KEYS: apiKey, JWT_SECRET: jwtSecret },
      host: '127.0.0.1',
      port: 0,
    } as never),
  );
  const url = await mf.ready;
  const db = await mf.getD1Database('DB');
  for (const statement of schemaSql([users])) await db.prepare(statement).run();
  return {
    url: url.origin,
    async rows() {
      const result = await db.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>();
      return result?.n ?? -1;
    },
    close: () => mf.dispose(),
  };
}

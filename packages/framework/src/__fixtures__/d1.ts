import type { D1DatabaseLike } from '@clodo/services';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';

/** A real D1 database in workerd (Miniflare), reached from Node through Miniflare's binding proxy. */
export async function startD1(): Promise<{ db: D1DatabaseLike; dispose: () => Promise<void> }> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: 'export default { fetch() { return new Response("ok"); } }',
      d1Databases: ['DB'],
    }),
  );
  const db = (await mf.getD1Database('DB')) as unknown as D1DatabaseLike;
  return { db, dispose: () => mf.dispose() };
}

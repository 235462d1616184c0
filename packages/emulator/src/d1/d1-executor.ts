/** The part of a workerd D1 binding the API needs (structural, so no workers-types import). */
export interface D1Database {
  prepare(sql: string): D1Statement;
  batch(
    statements: D1Statement[],
  ): Promise<{ results?: unknown[]; success: boolean; meta: Record<string, unknown> }[]>;
}
export interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  raw(): Promise<unknown[][]>;
}
import { splitSql } from './split-sql.js';

export interface D1QueryResult {
  results: unknown[];
  success: boolean;
  meta: Record<string, unknown>;
}

/**
 * Run a SQL script on a D1 binding the way the `/query` API does: one result per statement,
 * all statements in one transaction (a failing statement rolls the whole script back).
 */
export async function executeSql(
  db: D1Database,
  sql: string,
  params: unknown[] = [],
): Promise<D1QueryResult[]> {
  const statements = splitSql(sql);
  if (statements.length === 0) throw new Error('No SQL statements detected.');
  if (params.length > 0 && statements.length > 1) {
    throw new Error('Parameters can only be bound to a single statement');
  }
  const prepared = statements.map((s, i) =>
    i === 0 && params.length > 0 ? db.prepare(s).bind(...params) : db.prepare(s),
  );
  const results = await db.batch(prepared);
  return results.map((r) => ({
    results: r.results ?? [],
    success: r.success,
    meta: { ...r.meta, served_by: 'clodo-emulator' },
  }));
}

/** SQL dump of a database (schema and/or data), as `wrangler d1 export` writes it. */
export async function exportSql(
  db: D1Database,
  options: { noSchema: boolean; noData: boolean; tables: string[] },
): Promise<string> {
  const dump = await db
    .prepare('PRAGMA miniflare_d1_export(?,?,?);')
    .bind(options.noSchema, options.noData, ...options.tables)
    .raw();
  return (dump[0] as string[]).join('\n');
}

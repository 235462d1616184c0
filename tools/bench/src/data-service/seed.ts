import type { RunningWorker } from './workerd.ts';

export const SEED_ROWS = 1_000;

export interface SeedRow {
  id: string;
  name: string;
  sku: string;
  price: number;
  in_stock: 0 | 1;
  created_at: string;
  updated_at: string;
}

/** Deterministic rows, so both databases hold exactly the same data. */
export function seedRows(count: number = SEED_ROWS): SeedRow[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const stamp = new Date(start + i * 60_000).toISOString();
    return {
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      name: `Item ${i}`,
      sku: `SEED-${String(i).padStart(5, '0')}`,
      price: ((i * 37) % 1000) / 10,
      in_stock: i % 3 === 0 ? 0 : 1,
      created_at: stamp,
      updated_at: stamp,
    };
  });
}

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/**
 * Applies the schema and inserts the seed rows as multi-row INSERTs of literals: a bound statement per row
 * costs a round trip through Miniflare's binding proxy each, which made seeding take seconds.
 */
export async function seedDatabase(
  worker: RunningWorker,
  schema: readonly string[],
  rows: readonly SeedRow[],
): Promise<void> {
  await worker.sql(schema);
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map((r) =>
        [r.id, r.name, r.sku, r.price, r.in_stock, r.created_at, r.updated_at].map(literal).join(', '),
      );
    statements.push(
      `INSERT INTO "items" ("id", "name", "sku", "price", "in_stock", "created_at", "updated_at") VALUES (${values.join('), (')})`,
    );
  }
  await worker.sql(statements);
}

import type { LoadScenario } from './load-rounds.ts';
import type { SeedRow } from './seed.ts';
import { BENCH_API_KEY } from './workerd.ts';

export type ScenarioName = 'get-by-id' | 'list' | 'create';
export const SCENARIOS: readonly ScenarioName[] = ['get-by-id', 'list', 'create'];

/** Filter on two columns, sort by two keys, a few pages: the same URL shape for both workers. */
export function listPath(k: number): string {
  return `/api/items?in_stock=true&price[gte]=20&sort=-price,name&limit=20&page=${1 + (k % 5)}`;
}

export function createBody(k: number): string {
  return JSON.stringify({
    name: `New item ${k}`,
    sku: `NEW-${k}`,
    price: (k % 500) / 10,
    in_stock: k % 2 === 0,
  });
}

/**
 * A fresh request sequence for one worker. Both workers get their own instance, so they receive exactly the
 * same sequence of requests; the create counter keeps going across rounds so every sku stays unique.
 */
export function scenarioFor(name: ScenarioName, rows: readonly SeedRow[]): LoadScenario {
  let k = 0;
  switch (name) {
    case 'get-by-id':
      return {
        name,
        expectStatus: 200,
        // A stride coprime with the row count walks every row in a scattered order.
        next: () => ({ method: 'GET', path: `/api/items/${rows[(k++ * 7919) % rows.length]!.id}` }),
      };
    case 'list':
      return { name, expectStatus: 200, next: () => ({ method: 'GET', path: listPath(k++) }) };
    case 'create':
      return {
        name,
        expectStatus: 201,
        next: () => ({
          method: 'POST',
          path: '/api/items',
          headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_API_KEY },
          body: createBody(k++),
        }),
      };
  }
}

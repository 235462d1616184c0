import { isDeepStrictEqual } from 'node:util';
import { createBody, listPath } from './scenarios.ts';
import type { SeedRow } from './seed.ts';
import type { RunningWorker } from './workerd.ts';
import { BENCH_API_KEY } from './workerd.ts';

async function call(worker: RunningWorker, path: string, init: RequestInit = {}) {
  const res = await fetch(new URL(path, worker.url), init);
  return { status: res.status, requestId: res.headers.get('X-Request-Id'), body: await res.json() };
}

function withoutVolatile(value: unknown): unknown {
  const { id: _id, created_at: _c, updated_at: _u, ...rest } = value as Record<string, unknown>;
  return rest;
}

/**
 * Before anything is timed, both workers must give the same answers to the benchmark's requests (same
 * status, same JSON body, a request id on each): otherwise the comparison would not be of the same work.
 * The create check writes the same row into both databases.
 */
export async function checkSameAnswers(
  generated: RunningWorker,
  baseline: RunningWorker,
  rows: readonly SeedRow[],
): Promise<void> {
  const reads = [`/api/items/${rows[rows.length - 1]!.id}`, listPath(0), listPath(3)];
  for (const path of reads) {
    const [a, b] = await Promise.all([call(generated, path), call(baseline, path)]);
    if (a.status !== 200 || !isDeepStrictEqual(a, { ...b, requestId: a.requestId }) || !b.requestId) {
      throw new Error(
        `the workers answer GET ${path} differently: ${a.status} ${JSON.stringify(a.body).slice(0, 200)} vs ${b.status} ${JSON.stringify(b.body).slice(0, 200)}`,
      );
    }
  }
  const init = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_API_KEY },
    body: createBody(1_000_000),
  };
  const [a, b] = await Promise.all([call(generated, '/api/items', init), call(baseline, '/api/items', init)]);
  const da = (a.body as { data?: unknown }).data;
  const db = (b.body as { data?: unknown }).data;
  if (a.status !== 201 || b.status !== 201 || !isDeepStrictEqual(withoutVolatile(da), withoutVolatile(db))) {
    throw new Error(
      `the workers answer POST /api/items differently: ${a.status} ${JSON.stringify(a.body).slice(0, 200)} vs ${b.status} ${JSON.stringify(b.body).slice(0, 200)}`,
    );
  }
  const unauthorized = await Promise.all(
    [generated, baseline].map((w) =>
      call(w, '/api/items', { ...init, headers: { 'Content-Type': 'application/json' } }),
    ),
  );
  if (unauthorized.some((r) => r.status !== 401)) {
    throw new Error('both workers must refuse a write without the API key (401)');
  }
}

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Every TypeScript example in the README runs, against this package's source.
const readme = await readFile(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const index = fileURLToPath(new URL('./index.ts', import.meta.url));
const testing = fileURLToPath(new URL('./testing/index.ts', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'clodo-orch-readme-'));
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((code, i) => [i, code] as const))('example %i runs', async (i, code) => {
    const file = join(dir, `example-${i}.ts`);
    await writeFile(
      file,
      code
        .replaceAll("'@clodo/orchestration/testing'", JSON.stringify(testing))
        .replaceAll("'@clodo/orchestration'", JSON.stringify(index)),
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(file);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});

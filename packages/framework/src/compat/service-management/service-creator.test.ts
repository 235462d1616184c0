import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceCreator } from './service-creator.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clodo-creator-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('ServiceCreator', () => {
  it('creates a data service through clodo create', async () => {
    const cwd = await tempDir();
    const created = await new ServiceCreator({ cwd }).createService('orders-api', { type: 'data-service' });
    expect(created).toMatchObject({ name: 'orders-api', type: 'data-service', dir: join(cwd, 'orders-api') });
    expect(created.files).toContain('clodo.config.ts');
    expect(created.files.some((f) => f.startsWith('migrations/'))).toBe(true);
    const config = await readFile(join(cwd, 'orders-api', 'clodo.config.ts'), 'utf8');
    expect(config).toContain("name: 'orders-api'");
  }, 60_000);

  it('reports clodo create’s own error, and leaves a non-empty directory untouched', async () => {
    const cwd = await tempDir();
    await writeFile(join(cwd, 'keep.txt'), 'mine');
    const creator = new ServiceCreator({ cwd });
    await expect(creator.createService('orders-api', { dir: '.' })).rejects.toMatchObject({
      code: 'CREATE_FAILED',
      message: expect.stringMatching(/is not empty/),
    });
    expect(await readdir(cwd)).toEqual(['keep.txt']);
    await expect(creator.createService('Orders API')).rejects.toThrow(/invalid service name "Orders API"/);
    await expect(creator.createService('x-api', { type: 'lambda' as never })).rejects.toThrow(
      /unknown type "lambda"; valid types: data-service/,
    );
  }, 60_000);

  it('takes the old output option as the parent directory', async () => {
    const cwd = await tempDir();
    const created = await new ServiceCreator({ cwd }).createService('hello-api', { output: 'services' });
    expect(created.dir).toBe(join(cwd, 'services', 'hello-api'));
    expect(await readdir(join(cwd, 'services', 'hello-api'))).toContain('clodo.config.ts');
  }, 60_000);

  it('lists the five service types', () => {
    const creator = new ServiceCreator();
    expect(creator.isServiceTypeAvailable('content-service')).toBe(false);
    expect(creator.getServiceTypes()).toEqual(creator.listTypes().map((t) => t.type));
    expect(creator.listTypes().map((t) => t.type)).toEqual([
      'data-service',
      'api-gateway',
      'auth-service',
      'static-site',
      'generic',
    ]);
  });
});

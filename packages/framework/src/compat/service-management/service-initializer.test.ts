import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@clodo/config/loader';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceInitializer } from './service-initializer.js';

const dirs: string[] = [];
async function workerDir(name = 'legacy-api'): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'clodo-init-'));
  dirs.push(parent);
  const dir = join(parent, name);
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(
    join(dir, 'src', 'index.js'),
    'export default { fetch() { return new Response("ok"); } };\n',
  );
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('ServiceInitializer', () => {
  it('writes a loadable clodo.config.json and a wrangler.json with every environment', async () => {
    const dir = await workerDir();
    const result = await new ServiceInitializer().initialize(dir, { d1: true });
    expect(result.files).toEqual(['clodo.config.json', 'wrangler.json']);
    const { config } = await loadConfig({ cwd: dir });
    expect(config.services[0]).toMatchObject({ name: 'legacy-api', main: 'src/index.js' });

    const wrangler = JSON.parse(await readFile(join(dir, 'wrangler.json'), 'utf8'));
    expect(wrangler.main).toBe('src/index.js');
    expect(Object.keys(wrangler.env).sort()).toEqual(['production', 'staging']);
    // Bindings are written out in each environment: wrangler does not inherit them.
    expect(wrangler.d1_databases[0].binding).toBe('DB');
    expect(wrangler.env.production.d1_databases[0].binding).toBe('DB');
    expect((await readdir(dir)).sort()).toEqual(['clodo.config.json', 'src', 'wrangler.json']);
  });

  it('refuses to overwrite an existing config unless forced, then replaces a stale wrangler.toml', async () => {
    const dir = await workerDir();
    await writeFile(join(dir, 'wrangler.toml'), 'name = "legacy-api"\n');
    const init = new ServiceInitializer();
    await expect(init.initialize(dir)).rejects.toMatchObject({
      code: 'INIT_REFUSED',
      message: expect.stringMatching(/already has wrangler\.toml; pass force/),
    });
    expect(await readdir(dir)).toEqual(['src', 'wrangler.toml']);
    await init.initialize(dir, { force: true });
    expect((await readdir(dir)).sort()).toEqual(['clodo.config.json', 'src', 'wrangler.json']);
  });

  it('generates routes under a domain, and in a dry run writes nothing', async () => {
    const dir = await workerDir();
    const result = await new ServiceInitializer().initialize(dir, { domain: 'example.com', dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(JSON.stringify(result.wrangler.env?.production)).toContain('example.com');
    expect(await readdir(dir)).toEqual(['src']);
    await expect(new ServiceInitializer().initialize(dir, { domain: 'not a domain' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('domain'),
    });
    expect(await readdir(dir)).toEqual(['src']);
  });

  it('names the bad input and writes nothing', async () => {
    const dir = await workerDir('Bad_Name');
    const init = new ServiceInitializer();
    await expect(init.initialize(dir)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('services[0].name'),
    });
    await expect(init.initialize(dir, { main: 'src/worker.ts', name: 'ok-api' })).rejects.toThrow(
      /main "src\/worker.ts" does not exist/,
    );
    await expect(init.initialize(join(dir, 'missing'))).rejects.toThrow(/is not a directory/);
    expect(await readdir(dir)).toEqual(['src']);
  });
});

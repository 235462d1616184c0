import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@clodo/cli';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceInitializer } from '../service-management/service-initializer.js';
import { runOldCommand } from './old-commands.js';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _enc, done) {
        out[key] += String(chunk);
        done();
      },
    });
  return { out, io: { stdout: sink('stdout'), stderr: sink('stderr'), env: {}, cwd } };
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('clodo-service', () => {
  it('answers --help with exit 0', async () => {
    const { out, io: streams } = io(process.cwd());
    expect(await runOldCommand(['--help'], streams)).toBe(0);
    expect(out.stdout).toContain('clodo create');
  });

  it('rejects an unknown old command, naming it', async () => {
    const { out, io: streams } = io(process.cwd());
    expect(await runOldCommand(['frobnicate'], streams)).toBe(2);
    expect(out.stderr).toContain('"frobnicate"');
  });

  it('runs create through clodo and names the new command on stderr', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'clodo-service-'));
    dirs.push(cwd);
    const { out, io: streams } = io(cwd);
    const code = await runOldCommand(['create', 'orders-api', '--help'], streams);
    expect(out.stderr).toContain('now `clodo create`');
    expect(code).toBe(0);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('lists the service types locally, as text and as JSON', async () => {
    const text = io(process.cwd());
    expect(await runOldCommand(['list-types'], text.io)).toBe(0);
    expect(text.out.stdout.split('\n')[0]).toMatch(/^data-service\s+REST resources over D1/);
    expect(text.out.stderr).toContain('clodo create --help');
    const json = io(process.cwd());
    expect(await runOldCommand(['list-types', '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out.stdout).map((t: { type: string }) => t.type)).toEqual([
      'data-service',
      'api-gateway',
      'auth-service',
      'static-site',
      'generic',
    ]);
  });

  it('offers exactly the types clodo create accepts', async () => {
    const help = io(process.cwd());
    await main(['create', '--help'], help.io);
    const listed = io(process.cwd());
    await runOldCommand(['list-types', '--json'], listed.io);
    for (const { type } of JSON.parse(listed.out.stdout) as { type: string }[]) {
      expect(help.out.stdout).toContain(`"${type}"`);
    }
  });

  it('forwards validate to clodo validate on a project', async () => {
    const root = await mkdtemp(join(tmpdir(), 'clodo-service-'));
    dirs.push(root);
    const dir = join(root, 'legacy-api');
    await mkdir(join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'src', 'index.js'), 'export default { fetch: () => new Response("ok") };\n');
    await new ServiceInitializer().initialize(dir);

    const good = io(dir);
    expect(await runOldCommand(['validate', '--json'], good.io)).toBe(0);
    expect(good.out.stderr).toContain('now `clodo validate`');
    expect(JSON.parse(good.out.stdout)).toMatchObject({ ok: true });

    await writeFile(
      join(dir, 'clodo.config.json'),
      JSON.stringify({ account: { id: 'nope' }, environments: {}, services: [] }),
    );
    const bad = io(dir);
    expect(await runOldCommand(['validate'], bad.io)).toBe(2);
    expect(bad.out.stderr).toContain('account.id');
  }, 60_000);

  it('forwards deploy and its arguments to clodo deploy unchanged', async () => {
    const direct = io(process.cwd());
    const directCode = await main(['deploy', '--help'], direct.io);
    const old = io(process.cwd());
    expect(await runOldCommand(['deploy', '--help'], old.io)).toBe(directCode);
    expect(old.out.stdout).toBe(direct.out.stdout);
    expect(old.out.stdout).toContain('Usage: clodo deploy');
    expect(old.out.stderr).toBe(`clodo-service deploy is now \`clodo deploy\`\n${direct.out.stderr}`);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CommandResult,
  type CommandRunner,
  createProcessRunner,
  type RunOptions,
} from './command-runner.js';
import { WranglerSecretStore } from './wrangler.js';

interface Call {
  args: string[];
  options: RunOptions | undefined;
}

function fakeRunner(reply: (args: string[], stdin: string) => Partial<CommandResult> = () => ({})) {
  const calls: Call[] = [];
  const runner: CommandRunner = {
    async run(args, options) {
      calls.push({ args, options });
      return { code: 0, stdout: '', stderr: '', ...reply(args, options?.stdin ?? '') };
    },
  };
  return { runner, calls };
}

const VALUE = 'wr-secret-5d1f0c9e2b7a';

describe('WranglerSecretStore', () => {
  it('lists names from `secret list --format json`, even after notices', async () => {
    const { runner, calls } = fakeRunner(() => ({
      stdout:
        'Some notice\n[\n  { "name": "B_KEY", "type": "secret_text" },\n  { "name": "A_KEY", "type": "secret_text" }\n]\n',
    }));
    const store = new WranglerSecretStore({
      runner,
      environment: 'production',
      workerName: 'orders-acme',
      configPath: 'wrangler.json',
    });
    expect(await store.list()).toEqual(['A_KEY', 'B_KEY']);
    expect(calls[0]!.args).toEqual([
      'secret',
      'list',
      '--format',
      'json',
      '--env',
      'production',
      '--name',
      'orders-acme',
      '--config',
      'wrangler.json',
    ]);
  });

  it('sends values only on stdin: put for one, bulk JSON for many', async () => {
    const { runner, calls } = fakeRunner();
    const store = new WranglerSecretStore({ runner, env: { CLOUDFLARE_ACCOUNT_ID: 'a'.repeat(32) } });
    await store.set('JWT_SECRET', VALUE);
    await store.setMany({ A: `${VALUE}-a`, B: `${VALUE}-b` });
    await store.set('PADDED', `${VALUE} `);
    await store.delete('OLD');
    expect(calls.map((c) => c.args)).toEqual([
      ['secret', 'put', 'JWT_SECRET'],
      ['secret', 'bulk'],
      ['secret', 'bulk'],
      ['secret', 'delete', 'OLD'],
    ]);
    expect(calls[0]!.options!.stdin).toBe(VALUE);
    expect(JSON.parse(calls[1]!.options!.stdin!)).toEqual({ A: `${VALUE}-a`, B: `${VALUE}-b` });
    // `secret put` would trim the trailing blank; bulk keeps it.
    expect(JSON.parse(calls[2]!.options!.stdin!)).toEqual({ PADDED: `${VALUE} ` });
    expect(calls[3]!.options!.stdin).toBe('');
    expect(calls[0]!.options!.env).toEqual({
      CLOUDFLARE_ACCOUNT_ID: 'a'.repeat(32),
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
    });
    expect(JSON.stringify(calls.map((c) => [c.args, c.options?.env]))).not.toContain(VALUE);
  });

  it('fails with wrangler output, redacted', async () => {
    const { runner } = fakeRunner((_args, stdin) => ({
      code: 1,
      stderr: `\u001b[31m✘ [ERROR]\u001b[0m could not store value ${stdin}\n`,
    }));
    const store = new WranglerSecretStore({ runner });
    const error = await store.set('JWT_SECRET', VALUE).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'SECRET_STORE_FAILED' });
    expect((error as Error).message).toMatch(
      /^wrangler could not set secret JWT_SECRET \(exit 1\): ✘ \[ERROR\] could not store value \*\*\*$/,
    );
    expect((error as Error).message).not.toContain(VALUE);
  });

  it('names bad input', async () => {
    const { runner } = fakeRunner(() => ({ stdout: 'not json' }));
    const store = new WranglerSecretStore({ runner });
    await expect(store.list()).rejects.toThrow(/did not print a JSON list/);
    await expect(store.set('bad name', 'x')).rejects.toThrow(/"bad name" is not a valid secret name/);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`K${i}`, 'v']));
    await expect(store.setMany(many)).rejects.toThrow(/at most 100/);
    expect(() => new WranglerSecretStore({} as never)).toThrow(/options\.runner must be a CommandRunner/);
  });
});

describe('createProcessRunner with a stand-in wrangler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clodo-wrangler-runner-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'wrangler.mjs');
  const log = join(dir, 'calls.jsonl');
  writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs';
let stdin = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) stdin += chunk;
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), stdin, token: process.env.CLOUDFLARE_API_TOKEN ?? null }) + '\\n');
if (process.argv[3] === 'list') console.log(JSON.stringify([{ name: 'FROM_CHILD', type: 'secret_text' }]));
if (process.argv[4] === 'FAIL') { console.error('boom: ' + stdin); process.exit(3); }
`,
  );

  it('passes stdin and env to a real child process, never argv', async () => {
    const runner = createProcessRunner(process.execPath, { baseArgs: [script], cwd: dir });
    const store = new WranglerSecretStore({
      runner,
      environment: 'staging',
      env: { CLOUDFLARE_API_TOKEN: 'tok-from-source' },
    });
    await store.set('JWT_SECRET', VALUE);
    expect(await store.list()).toEqual(['FROM_CHILD']);
    await expect(store.set('FAIL', `${VALUE}-2`)).rejects.toThrow(/exit 3\): boom: \*\*\*$/);
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(calls[0]).toEqual({
      argv: ['secret', 'put', 'JWT_SECRET', '--env', 'staging'],
      stdin: VALUE,
      token: 'tok-from-source',
    });
    expect(calls[1]).toMatchObject({
      argv: ['secret', 'list', '--format', 'json', '--env', 'staging'],
      stdin: '',
    });
    expect(JSON.stringify(calls.map((c) => c.argv))).not.toContain(VALUE);
  });

  it('reports a program that cannot start, and a timeout', async () => {
    await expect(createProcessRunner(join(dir, 'missing-binary')).run([])).rejects.toThrow(
      /could not start .*missing-binary: ENOENT/,
    );
    const slow = createProcessRunner(process.execPath, { timeoutMs: 200 });
    const result = await slow.run(['-e', 'setTimeout(() => {}, 10000)']);
    expect(result.code).toBe(124);
    expect(result.stderr).toMatch(/timed out after 200 ms/);
  });
});

import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Emulator } from '../../server/emulator.js';

const require = createRequire(import.meta.url);
const WRANGLER_BIN = join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');

export interface WranglerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the real wrangler (this package's devDependency) against an emulator, in `cwd`, with a
 * private HOME so no user configuration leaks in. `stdin` feeds secrets.
 */
export async function runWrangler(
  emulator: Pick<Emulator, 'apiBaseUrl' | 'apiToken' | 'accountId'>,
  cwd: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<WranglerResult> {
  const home = join(cwd, '.home');
  await mkdir(home, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
    CLOUDFLARE_API_TOKEN: emulator.apiToken,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_LOG_PATH: join(home, 'logs'),
    CI: '1',
    NO_COLOR: '1',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], { cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

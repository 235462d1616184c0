import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Makes sure Debian's chromium is installed, installing it with apt-get when it is missing.
 * Throws a clear message when that is impossible: the HTML test must fail, never skip silently.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is missing and the tests are not root; run: apt-get install -y chromium`,
    );
  }
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: 'ignore',
      timeout: 480_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    apt(['install', '-y', 'chromium']);
  } catch {
    try {
      apt(['update']);
      apt(['install', '-y', 'chromium']);
    } catch (error) {
      throw new Error(`could not install chromium with apt-get (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get finished but ${CHROMIUM_PATH} is still missing`);
}

/** A fresh profile directory; Playwright passes it as --user-data-dir itself. */
export function chromiumProfile(): string {
  return mkdtempSync(join(tmpdir(), 'clodo-chromium-'));
}

export function chromiumArgs(): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A real terminal: tmux gives `clodo create` a pseudo-terminal, so it prompts as it would for a person.
const pkg = join(import.meta.dirname, '../..');
const bin = process.env.CLODO_TEST_BIN ?? join(pkg, 'dist/bin.js');
mkdirSync(join(pkg, '.test-projects'), { recursive: true });
const work = mkdtempSync(join(pkg, '.test-projects/pty-'));
const socket = `clodo-pty-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // No server left.
  }
  rmSync(work, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs `clodo <args>` in a tmux pane; the exit code lands in a file when it ends. */
function startClodo(
  name: string,
  args: string,
  cwd = work,
): { screen: () => string; exitCode: () => string | undefined } {
  const exitFile = join(work, `${name}.exit`);
  const command = [
    `cd '${cwd}'`,
    // No CI variable: a person at a terminal.
    `env -u CI NO_COLOR=1 '${process.execPath}' '${bin}' ${args}`,
    `echo $? > '${exitFile}'`,
    'sleep 60',
  ].join('; ');
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', command);
  return {
    screen: () => tmux('capture-pane', '-p', '-t', name),
    exitCode: () => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : undefined),
  };
}

describe('clodo create on a terminal', () => {
  it('asks for the service type, takes the arrow keys and Enter, and scaffolds the choice', async () => {
    const session = startClodo('picked', 'create picked');
    await waitFor(() => session.screen().includes('What kind of service is picked?'), 'the prompt');
    const prompt = session.screen();
    for (const type of ['data-service', 'api-gateway', 'auth-service', 'static-site', 'generic']) {
      expect(prompt).toContain(type);
    }
    // The first option is data-service; one step down is api-gateway.
    tmux('send-keys', '-t', 'picked', 'Down');
    await waitFor(() => /[●>].*api-gateway/.test(session.screen()), 'the cursor on api-gateway', 10_000);
    tmux('send-keys', '-t', 'picked', 'Enter');
    await waitFor(() => session.exitCode() !== undefined, 'clodo to exit');
    expect(session.exitCode(), session.screen()).toBe('0');
    expect(session.screen()).toMatch(/created picked \(api-gateway\)/);
    const source = readFileSync(join(work, 'picked/src/index.ts'), 'utf8');
    expect(source).toContain('Forwards /<upstream>/<path>');
  }, 120_000);

  it('cancels with Ctrl+C: exit 2, nothing written', async () => {
    const session = startClodo('dropped', 'create dropped');
    await waitFor(() => session.screen().includes('What kind of service is dropped?'), 'the prompt');
    tmux('send-keys', '-t', 'dropped', 'C-c');
    await waitFor(() => session.exitCode() !== undefined, 'clodo to exit');
    expect(session.exitCode()).toBe('2');
    expect(session.screen()).toMatch(/cancelled: no service type chosen/);
    expect(existsSync(join(work, 'dropped'))).toBe(false);
  }, 120_000);

  it('asks for a secret value with a hidden prompt and never shows it', async () => {
    const session = startClodo('hidden', 'secrets set WEBHOOK_SECRET', join(work, 'picked'));
    await waitFor(() => session.screen().includes('Value of WEBHOOK_SECRET'), 'the secret prompt');
    const value = 'typed-at-the-terminal-5e6f7a8b';
    tmux('send-keys', '-t', 'hidden', '-l', value);
    tmux('send-keys', '-t', 'hidden', 'Enter');
    await waitFor(() => session.exitCode() !== undefined, 'clodo to exit');
    expect(session.exitCode(), session.screen()).toBe('0');
    expect(session.screen()).toMatch(/WEBHOOK_SECRET set in \.dev\.vars \(30 characters\)/);
    expect(session.screen()).not.toContain(value);
    expect(readFileSync(join(work, 'picked/.dev.vars'), 'utf8')).toContain(value);
  }, 120_000);
});

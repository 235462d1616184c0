import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LocalRegistry {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:40123/ */
  url: string;
  port: number;
  /** Throw-away directory holding the config and the storage. */
  home: string;
  /** Stops the server and removes its storage; safe to call more than once. */
  stop(): Promise<void>;
}

const verdaccioBin = join(
  dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
  'bin',
  'verdaccio',
);

/**
 * Starts a real Verdaccio on a loopback port with empty storage and no uplinks: it serves only what is
 * published to it, and accepts publishes of @clodo/* from anyone holding any token.
 */
export async function startVerdaccio(timeoutMs = 30_000): Promise<LocalRegistry> {
  const home = mkdtempSync(join(tmpdir(), 'clodo-verdaccio-'));
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(home, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(home, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(home, 'htpasswd')}`,
      '    max_users: -1',
      'uplinks: {}',
      'web:',
      '  enable: false',
      'packages:',
      "  '@clodo/*':",
      '    access: $all',
      '    publish: $all',
      '    unpublish: $all',
      "  '**':",
      '    access: $all',
      '    publish: $none',
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );

  // Verdaccio refuses Node 20; process.execPath is the project's Node 22.
  const child = spawn(process.execPath, [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });

  // If the test process dies without its cleanup running, the registry must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    await terminate(child);
    rmSync(home, { recursive: true, force: true });
  };

  try {
    await waitForPing(url, child, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`Verdaccio did not start on ${url}: ${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return { url, port, home, stop };
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer to /-/ping within ${timeoutMs} ms`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

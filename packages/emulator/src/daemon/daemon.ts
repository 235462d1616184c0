import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMULATOR_ERRORS, EmulatorError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { processAlive } from '../server/state-lock.js';

/** What a running daemon publishes in `<stateDir>/emulator.json` (mode 0600: it holds the token). */
export interface DaemonInfo {
  pid: number;
  port: number;
  apiBaseUrl: string;
  accountId: string;
  apiToken: string;
  stateDir: string;
  startedAt: string;
}

export interface StartDaemonOptions {
  stateDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  accountId?: string;
  /** Passed to the child through its environment, never its arguments. */
  apiToken?: string;
  /** How long to wait for the daemon to answer (default 60 s). */
  readyTimeoutMs?: number;
  /** The emulator bin to run; defaults to the one built beside this module. */
  binPath?: string;
}

export type DaemonStatus = ({ running: true } & DaemonInfo) | { running: false; stateDir: string };

/** Environment variable the daemon child reads its API token from. */
export const DAEMON_TOKEN_ENV = 'CLODO_EMULATOR_API_TOKEN';

export function daemonInfoPath(stateDir: string): string {
  return join(stateDir, 'emulator.json');
}

export async function writeDaemonInfo(info: DaemonInfo): Promise<void> {
  await writeFileAtomic(daemonInfoPath(info.stateDir), `${JSON.stringify(info, null, 2)}\n`);
}

async function readDaemonInfo(stateDir: string): Promise<DaemonInfo | undefined> {
  try {
    return JSON.parse(await readFile(daemonInfoPath(stateDir), 'utf8')) as DaemonInfo;
  } catch {
    return undefined;
  }
}

async function answers(info: DaemonInfo): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${info.port}/__clodo/workers`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether a daemon serves `stateDir`: its pid is alive and it answers on its port. */
export async function daemonStatus(stateDir: string): Promise<DaemonStatus> {
  const info = await readDaemonInfo(stateDir);
  if (info && processAlive(info.pid) && (await answers(info))) return { running: true, ...info };
  return { running: false, stateDir };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Start the emulator as a detached background process serving `stateDir` (or return the one
 * already serving it). Resolves once it answers; its output goes to `<stateDir>/emulator.log`.
 */
export async function startDaemon(options: StartDaemonOptions): Promise<DaemonInfo> {
  if (typeof options.stateDir !== 'string' || options.stateDir === '') {
    throw new EmulatorError(EMULATOR_ERRORS.INVALID_OPTION, 'stateDir must be a non-empty path');
  }
  const existing = await daemonStatus(options.stateDir);
  if (existing.running) {
    const { running: _running, ...info } = existing;
    return info;
  }
  await rm(daemonInfoPath(options.stateDir), { force: true });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(options.stateDir, { recursive: true });
  const bin = options.binPath ?? fileURLToPath(new URL('./bin.js', import.meta.url));
  const args = [bin, 'serve', '--state-dir', options.stateDir];
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.accountId !== undefined) args.push('--account-id', options.accountId);
  const logFd = openSync(join(options.stateDir, 'emulator.log'), 'a');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.apiToken !== undefined) env[DAEMON_TOKEN_ENV] = options.apiToken;
  else delete env[DAEMON_TOKEN_ENV];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env,
  });
  let exitCode: number | null | undefined;
  child.on('exit', (code) => {
    exitCode = code;
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    throw new EmulatorError(EMULATOR_ERRORS.DAEMON_START_FAILED, `could not spawn ${process.execPath}`);
  }
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exitCode !== undefined) break;
    const info = await readDaemonInfo(options.stateDir);
    if (info?.pid === pid && (await answers(info))) return info;
    await sleep(150);
  }
  if (exitCode === undefined) process.kill(pid, 'SIGKILL');
  const log = await readFile(join(options.stateDir, 'emulator.log'), 'utf8').catch(() => '');
  const lastLine = log.trim().split('\n').at(-1) ?? '';
  throw new EmulatorError(
    EMULATOR_ERRORS.DAEMON_START_FAILED,
    exitCode !== undefined
      ? `emulator daemon exited with code ${exitCode}: ${lastLine}`
      : 'emulator daemon did not answer in time',
  );
}

/** Stop the daemon serving `stateDir` (SIGTERM, then SIGKILL after `timeoutMs`). */
export async function stopDaemon(stateDir: string, timeoutMs = 15_000): Promise<{ stopped: boolean }> {
  const info = await readDaemonInfo(stateDir);
  if (!info || !processAlive(info.pid)) {
    await rm(daemonInfoPath(stateDir), { force: true });
    return { stopped: false };
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (processAlive(info.pid) && Date.now() < deadline) await sleep(100);
  if (processAlive(info.pid)) process.kill(info.pid, 'SIGKILL');
  while (processAlive(info.pid)) await sleep(50);
  await rm(daemonInfoPath(stateDir), { force: true });
  return { stopped: true };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { CliError } from '../errors.js';

export interface WranglerProcessOptions {
  /** The pinned wrangler's `bin/wrangler.js`. */
  bin: string;
  cwd: string;
  /** Wrangler's home (config, logs), kept inside the project. */
  homeDir: string;
  /** PATH and the like from the user's environment; credentials are never passed for local work. */
  baseEnv: Readonly<Record<string, string | undefined>>;
}

/** Environment for local-only wrangler work: no telemetry, no update check, no network lookups. */
function localEnv(options: WranglerProcessOptions): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: options.baseEnv.PATH,
    HOME: options.homeDir,
    XDG_CONFIG_HOME: join(options.homeDir, 'config'),
    XDG_CACHE_HOME: join(options.homeDir, 'cache'),
    WRANGLER_LOG_PATH: join(options.homeDir, 'logs'),
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    // The Request.cf placeholder is fine locally; fetching the real one needs the network.
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function tail(text: string, lines = 6): string {
  return stripVTControlCharacters(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/Logs were written to/.test(l) && !/^[─-]+$/.test(l))
    .slice(-lines)
    .join(' | ');
}

/** Runs a short wrangler command to completion; rejects with the end of its output when it fails. */
export function runWrangler(options: WranglerProcessOptions, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin, ...args], {
      cwd: options.cwd,
      env: localEnv(options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', (error) => reject(new CliError(`could not start wrangler: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else
        reject(new CliError(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${code}): ${tail(output)}`));
    });
  });
}

export interface DevServer {
  url: string;
  pid: number;
  /** Resolves with wrangler's exit code when it stops (by `stop()` or on its own). */
  exited: Promise<number | null>;
  /** Stops wrangler and its workerd (the whole process group); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const READY = /Ready on (http:\/\/[^\s]+)/;

/**
 * Starts `wrangler dev` in its own process group (so workerd goes down with it) and resolves once it
 * reports the URL it serves. Output before that is kept for the error message; after it, each line goes
 * to `log` (the worker's console and request lines).
 */
export function startWranglerDev(
  options: WranglerProcessOptions,
  args: readonly string[],
  log: (line: string) => void,
  startTimeoutMs = 120_000,
): Promise<DevServer> {
  const child: ChildProcess = spawn(process.execPath, [options.bin, 'dev', ...args], {
    cwd: options.cwd,
    env: localEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      killGroup('SIGKILL');
      return;
    }
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    // workerd may outlive wrangler by a moment; nothing of the group may stay behind.
    killGroup('SIGKILL');
  };

  return new Promise((resolve, reject) => {
    let early = '';
    let ready = false;
    const onLine = (line: string) => {
      if (ready) {
        log(line);
        return;
      }
      early += `${line}\n`;
      const match = READY.exec(stripVTControlCharacters(line));
      if (match?.[1]) {
        ready = true;
        clearTimeout(timer);
        resolve({ url: match[1], pid: child.pid as number, exited, stop });
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.on('data', (d) => {
        buffer += d;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const l of lines) onLine(l);
      });
    }
    const timer = setTimeout(() => {
      void stop().then(() =>
        reject(new CliError(`wrangler dev did not start within ${startTimeoutMs / 1000} s: ${tail(early)}`)),
      );
    }, startTimeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CliError(`could not start wrangler: ${error.message}`));
    });
    void exited.then((code) => {
      if (ready) return;
      clearTimeout(timer);
      killGroup('SIGKILL');
      reject(new CliError(`wrangler dev exited (code ${code}) before serving: ${tail(early)}`));
    });
  });
}

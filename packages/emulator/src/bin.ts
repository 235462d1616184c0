#!/usr/bin/env node
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DAEMON_TOKEN_ENV,
  daemonInfoPath,
  daemonStatus,
  startDaemon,
  stopDaemon,
  writeDaemonInfo,
} from './daemon/daemon.js';
import { EmulatorError } from './errors.js';
import { startEmulator } from './server/emulator.js';

const HELP = `clodo-emulator: a local Cloudflare that wrangler deploys to

Usage:
  clodo-emulator serve  --state-dir DIR [--port N] [--account-id HEX]   run in the foreground
  clodo-emulator start  --state-dir DIR [--port N] [--account-id HEX]   start in the background
  clodo-emulator status --state-dir DIR                                 is one running? (JSON)
  clodo-emulator stop   --state-dir DIR                                 stop the background one

The API token is read from ${DAEMON_TOKEN_ENV} when set.
Point wrangler at it with CLOUDFLARE_API_BASE_URL, CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      port: { type: 'string' },
      'account-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return values.help || command === 'help' ? 0 : 2;
  }
  const stateDirArg = values['state-dir'];
  if (!stateDirArg) {
    process.stderr.write('error: --state-dir is required\n');
    return 2;
  }
  const stateDir = resolve(stateDirArg);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) {
    process.stderr.write(`error: --port must be an integer (got ${values.port})\n`);
    return 2;
  }
  const apiToken = process.env[DAEMON_TOKEN_ENV];
  const accountId = values['account-id'];
  switch (command) {
    case 'serve': {
      const emulator = await startEmulator({
        stateDir,
        ...(port === undefined ? {} : { port }),
        ...(accountId === undefined ? {} : { accountId }),
        ...(apiToken === undefined ? {} : { apiToken }),
      });
      await writeDaemonInfo({
        pid: process.pid,
        port: emulator.port,
        apiBaseUrl: emulator.apiBaseUrl,
        accountId: emulator.accountId,
        apiToken: emulator.apiToken,
        stateDir,
        startedAt: new Date().toISOString(),
      });
      process.stdout.write(`clodo emulator listening on ${emulator.apiBaseUrl}\n`);
      await new Promise<void>((done) => {
        const shutdown = () => done();
        process.once('SIGTERM', shutdown);
        process.once('SIGINT', shutdown);
      });
      await emulator.stop();
      await rm(daemonInfoPath(stateDir), { force: true });
      return 0;
    }
    case 'start': {
      const info = await startDaemon({
        stateDir,
        ...(port === undefined ? {} : { port }),
        ...(accountId === undefined ? {} : { accountId }),
        ...(apiToken === undefined ? {} : { apiToken }),
      });
      const { apiToken: _token, ...shown } = info;
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return 0;
    }
    case 'status': {
      const status = await daemonStatus(stateDir);
      const { apiToken: _token, ...shown } = status as typeof status & { apiToken?: string };
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return status.running ? 0 : 1;
    }
    case 'stop': {
      const { stopped } = await stopDaemon(stateDir);
      process.stdout.write(stopped ? 'stopped\n' : 'not running\n');
      return 0;
    }
    default:
      process.stderr.write(`error: unknown command "${command}" (try --help)\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof EmulatorError
        ? `${error.code}: ${error.message}`
        : String((error as Error).message ?? error);
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  },
);

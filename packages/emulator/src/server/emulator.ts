import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Account } from '../api/account.js';
import { accountRoutes } from '../api/account-routes.js';
import { d1Routes, md5, TransferArea } from '../api/d1-routes.js';
import { CfApiError, fail, ok } from '../api/envelope.js';
import { kvRoutes } from '../api/kv-routes.js';
import { type ApiResponse, Router } from '../api/router.js';
import { schedulesRoutes } from '../api/schedules-routes.js';
import { secretsRoutes } from '../api/secrets-routes.js';
import { versionsRoutes } from '../api/versions-routes.js';
import { workersRoutes } from '../api/workers-routes.js';
import { EMULATOR_ERRORS, EmulatorError } from '../errors.js';
import type { VersionTraffic } from '../runtime/traffic-log.js';
import { type RunningWorker, WorkerRuntime } from '../runtime/worker-runtime.js';
import { StateStore } from '../state/state-store.js';
import { authorize } from './auth.js';
import { readBody } from './http-body.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import { acquireStateLock } from './state-lock.js';

/** The account id used when none is given (any 32-hex id works with wrangler). */
export const DEFAULT_ACCOUNT_ID = 'c10d0c10d0c10d0c10d0c10d0c10d0c1';
/** The API token used when none is given. Local only: it guards against mistakes, not attackers. */
export const DEFAULT_API_TOKEN = 'clodo-emulator-token';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  stateDir: string;
  accountId?: string;
  apiToken?: string;
  host?: '127.0.0.1';
}

export interface Emulator {
  /** `http://127.0.0.1:PORT/client/v4`: set as CLOUDFLARE_API_BASE_URL for wrangler. */
  apiBaseUrl: string;
  accountId: string;
  apiToken: string;
  port: number;
  stateDir: string;
  /** Loopback URL of a worker with an active deployment. */
  workerUrl(name: string): string | undefined;
  workers(): RunningWorker[];
  /** Every API request answered, oldest first, with arrival and answer times. */
  requestLog(): RequestLogEntry[];
  /**
   * Requests each version of a worker answered through its loopback URL since the emulator started
   * (a gradual deployment splits them by its percentages). Also at `GET /__clodo/traffic/:name`.
   */
  traffic(name: string): VersionTraffic[];
  /**
   * workerd generations started for deployment changes since the emulator started (changes that
   * arrive while one starts share the next one).
   */
  generationsStarted(): number;
  stop(): Promise<void>;
}

function validate(options: EmulatorOptions): void {
  if (typeof options.stateDir !== 'string' || options.stateDir === '') {
    throw new EmulatorError(EMULATOR_ERRORS.INVALID_OPTION, 'stateDir must be a non-empty path');
  }
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
  ) {
    throw new EmulatorError(
      EMULATOR_ERRORS.INVALID_OPTION,
      `port must be an integer 0-65535 (got ${options.port})`,
    );
  }
  if (options.accountId !== undefined && !/^[0-9a-f]{32}$/.test(options.accountId)) {
    throw new EmulatorError(EMULATOR_ERRORS.INVALID_OPTION, 'accountId must be 32 lowercase hex characters');
  }
  if (options.apiToken !== undefined && options.apiToken.length < 8) {
    throw new EmulatorError(EMULATOR_ERRORS.INVALID_OPTION, 'apiToken must be at least 8 characters');
  }
  if (options.host !== undefined && options.host !== '127.0.0.1') {
    throw new EmulatorError(
      EMULATOR_ERRORS.INVALID_OPTION,
      'host must be 127.0.0.1 (the emulator serves loopback only)',
    );
  }
}

const now = () => performance.timeOrigin + performance.now();

/** Start the local Cloudflare: the API on loopback, and every active deployment running in workerd. */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  validate(options);
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const apiToken = options.apiToken ?? DEFAULT_API_TOKEN;
  const releaseLock = await acquireStateLock(options.stateDir);
  let store: StateStore;
  let runtime: WorkerRuntime;
  try {
    store = await StateStore.open(options.stateDir);
    if (store.state.subdomain === null) {
      await store.update((draft) => {
        draft.subdomain = 'clodo-local';
      });
    }
    runtime = new WorkerRuntime(store);
    if (store.state.deployments.length > 0 || store.state.d1.length > 0) await runtime.apply(store.state);
  } catch (error) {
    await releaseLock();
    throw error;
  }
  const account = new Account(store, runtime);
  const log = new RequestLog();
  const transfers = new TransferArea();
  let origin = '';
  const router = new Router();
  workersRoutes(router, account);
  versionsRoutes(router, account);
  secretsRoutes(router, account);
  d1Routes(router, account, transfers, () => origin);
  kvRoutes(router, account);
  schedulesRoutes(router, account);
  accountRoutes(router, account, accountId);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, fail(10000 + 2, `internal emulator error: ${(error as Error).message}`));
      else res.end();
    });
  });

  const send = (res: ServerResponse, status: number, body: unknown, contentType = 'application/json') => {
    const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': contentType });
    res.end(payload);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const startedAt = now();
    res.on('finish', () =>
      log.add({
        method,
        path: url.pathname,
        status: res.statusCode,
        remoteAddress: req.socket.remoteAddress ?? '',
        startedAt,
        finishedAt: now(),
      }),
    );
    const body = await readBody(req);
    if (url.pathname === '/__clodo/workers' && method === 'GET') {
      send(res, 200, runtime.workers());
      return;
    }
    const traffic = /^\/__clodo\/traffic\/([^/]+)$/.exec(url.pathname);
    if (traffic && method === 'GET') {
      send(res, 200, runtime.traffic(decodeURIComponent(traffic[1] as string)));
      return;
    }
    const upload = /^\/__clodo\/d1\/upload\/([0-9a-f]+)$/.exec(url.pathname);
    if (upload && method === 'PUT') {
      const entry = transfers.uploads.get(upload[1] as string);
      if (!entry) return send(res, 404, 'unknown upload', 'text/plain');
      entry.sql = body.toString('utf8');
      res.writeHead(200, { etag: `"${md5(body)}"` });
      res.end();
      return;
    }
    const download = /^\/__clodo\/d1\/download\/([0-9a-f]+)$/.exec(url.pathname);
    if (download && method === 'GET') {
      const sql = transfers.downloads.get(download[1] as string);
      if (sql === undefined) return send(res, 404, 'unknown download', 'text/plain');
      return send(res, 200, sql, 'application/sql');
    }
    if (!url.pathname.startsWith('/client/v4/')) {
      return send(res, 404, fail(7000, `No route for ${method} ${url.pathname}`));
    }
    const path = url.pathname.slice('/client/v4'.length);
    let answer: ApiResponse;
    try {
      authorize(path, req.headers.authorization, { token: apiToken, accountId });
      const { handler, params } = router.match(method, path);
      answer = await handler({
        method,
        path,
        params,
        query: url.searchParams,
        headers: req.headers as Record<string, string | undefined>,
        body,
      });
    } catch (error) {
      if (error instanceof CfApiError) return send(res, error.status, fail(error.cfCode, error.message));
      throw error;
    }
    if (answer.kind === 'raw') return send(res, answer.status ?? 200, answer.body, answer.contentType);
    send(res, answer.status ?? 200, ok(answer.result, answer.resultInfo));
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await runtime.stop();
    await releaseLock();
    throw new EmulatorError(
      EMULATOR_ERRORS.INVALID_OPTION,
      `cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`,
    );
  }
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;

  return {
    apiBaseUrl: `${origin}/client/v4`,
    accountId,
    apiToken,
    port,
    stateDir: options.stateDir,
    workerUrl: (name) => runtime.workerUrl(name),
    workers: () => runtime.workers(),
    requestLog: () => log.entries(),
    traffic: (name) => runtime.traffic(name),
    generationsStarted: () => account.generationsStarted,
    stop() {
      stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await account.serialize(async () => {
          // A change still starting would otherwise bring up workerd after the stop.
          await account.idle();
          await runtime.stop();
        });
        await releaseLock();
      })();
      return stopped;
    },
  };
}

import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Generation, Route } from './generation.js';

/** Picks a version by traffic share (a gradual deployment has two). */
export function pickRoute(routes: Route[], random: number): Route | undefined {
  let point = random * 100;
  for (const route of routes) {
    if (point < route.percentage) return route;
    point -= route.percentage;
  }
  return routes.at(-1);
}

/** Told the version and status of every request a front door answered. */
export type ServedListener = (script: string, versionId: string, status: number) => void;

/**
 * The stable loopback address of one deployed worker. Each request is forwarded to whichever
 * generation is current when it arrives, so switching versions never cuts a request short.
 */
export class FrontDoor {
  readonly script: string;
  readonly #server: Server;
  readonly #current: () => Generation | undefined;
  readonly #onServed: ServedListener | undefined;
  #port = 0;

  private constructor(script: string, current: () => Generation | undefined, onServed?: ServedListener) {
    this.script = script;
    this.#current = current;
    this.#onServed = onServed;
    this.#server = createServer((req, res) => this.#forward(req, res));
  }

  static async open(
    script: string,
    preferredPort: number | undefined,
    current: () => Generation | undefined,
    onServed?: ServedListener,
  ): Promise<FrontDoor> {
    const door = new FrontDoor(script, current, onServed);
    try {
      await door.#listen(preferredPort ?? 0);
    } catch {
      await door.#listen(0);
    }
    return door;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** The version currently taking most of this worker's traffic. */
  currentVersionId(): string | undefined {
    const routes = this.#current()?.routes.get(this.script) ?? [];
    return [...routes].sort((a, b) => b.percentage - a.percentage)[0]?.versionId;
  }

  /** Stop listening; `graceful` lets requests in flight finish instead of cutting them. */
  async close(graceful = false): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (graceful) this.#server.closeIdleConnections();
    else this.#server.closeAllConnections();
    await closed;
  }

  #listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#server.once('error', onError);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', onError);
        this.#port = (this.#server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    const generation = this.#current();
    const route = pickRoute(generation?.routes.get(this.script) ?? [], Math.random());
    const target = route ? generation?.directUrl(route.workerdName) : undefined;
    if (!generation || !route || !target) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(`Worker "${this.script}" has no active deployment on this emulator.\n`);
      return;
    }
    const done = generation.enter();
    res.on('close', done);
    res.on('finish', () => this.#onServed?.(this.script, route.versionId, res.statusCode));
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`Worker "${this.script}" failed: ${error.message}\n`);
      done();
    });
    req.pipe(upstream);
  }
}

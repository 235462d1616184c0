/** One API or control request the emulator answered. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string (queries can carry names, never secrets, but stay out). */
  path: string;
  status: number;
  /** Address the request came from; always loopback. */
  remoteAddress: string;
  /** When the request arrived and when its answer was sent, in ms since the epoch (sub-ms precision). */
  startedAt: number;
  finishedAt: number;
}

/** Bounded in-memory log of answered requests. */
export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
  }

  entries(): RequestLogEntry[] {
    return [...this.#entries];
  }
}

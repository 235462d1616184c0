import type { Readable, Writable } from 'node:stream';
import pc from 'picocolors';

export interface Io {
  /** Where secret values are read from (never argv); absent in embedded use. */
  stdin?: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Where a command writes. With `--json`, stdout carries exactly one JSON document and all human text is
 * suppressed; progress goes to stderr, and only on a terminal.
 */
export class Output {
  readonly json: boolean;
  readonly interactive: boolean;
  readonly color: ReturnType<typeof pc.createColors>;
  constructor(
    private readonly io: Io,
    options: { json: boolean },
  ) {
    this.json = options.json;
    this.interactive = Boolean(io.stderr.isTTY) && !options.json && !io.env.CI;
    const colorOk = Boolean(io.stdout.isTTY) && !('NO_COLOR' in io.env) && io.env.TERM !== 'dumb';
    this.color = pc.createColors(colorOk || 'FORCE_COLOR' in io.env);
  }

  /** Human text on stdout (silent under --json). */
  line(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  #status = '';

  /** A warning or notice on stderr (silent under --json); a live status line stays below it. */
  note(text: string): void {
    if (this.json) return;
    if (this.#status) this.io.stderr.write('\r\x1b[K');
    this.io.stderr.write(`${text}\n`);
    if (this.#status) this.io.stderr.write(this.#status);
  }

  /**
   * One line redrawn in place at the bottom of stderr (what is running now), on a terminal only;
   * `undefined` clears it. Notes printed meanwhile appear above it.
   */
  status(text: string | undefined): void {
    if (!this.interactive) return;
    const line = text === undefined ? '' : `${this.color.dim('…')} ${text}`.slice(0, 200);
    if (line === this.#status) return;
    this.io.stderr.write(`\r\x1b[K${line}`);
    this.#status = line;
  }

  /** Progress for long work: stderr, terminal only. */
  progress(text: string): void {
    if (this.interactive) this.io.stderr.write(`${this.color.dim('›')} ${text}\n`);
  }

  /** The command's result: one JSON document under --json, otherwise the human rendering. */
  result(value: unknown, human: () => void): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else human();
  }

  /** A failure: one line per problem on stderr; under --json also one document on stdout. */
  error(message: string, problems?: unknown): void {
    if (this.json) {
      const doc =
        problems === undefined ? { ok: false, error: message } : { ok: false, error: message, problems };
      this.io.stdout.write(`${JSON.stringify(doc)}\n`);
    }
    const [first, ...rest] = message.split('\n');
    this.io.stderr.write(`${this.color.red('error')} ${first}\n${rest.map((l) => `  ${l}\n`).join('')}`);
  }
}

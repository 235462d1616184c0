/** What every redacted value or secret-keyed field becomes. */
export const REDACTED = '***';

const SECRET_KEY =
  /(token|secret|passw(or)?d|pwd|api[-_]?key|authorization|cookie|private[-_]?key|credential|client[-_]?secret|signature)/i;
// Keys that describe a secret (its name, where it comes from) rather than hold it.
const SECRET_METADATA_KEY =
  /(names?|env|source|ids?|url|uri|count|length|ttl|type|header|expires[-_]?in|path|file|rule)$/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
// What every BEARER or JWT match contains (whitespace after the scheme, the `eyJ` of a JWT): text without
// either needs neither replace, which matters for the log line written on every request.
const MAYBE_CREDENTIAL = /\s|eyJ/;

/** True for object keys whose values are treated as secret whatever they contain (`apiKey`, `Authorization`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !SECRET_METADATA_KEY.test(key);
}

export interface RedactorOptions {
  /** Known secret values to replace wherever they occur. */
  secrets?: Iterable<string | null | undefined>;
  /**
   * Values shorter than this are not registered: redacting every "ab" would make output unreadable
   * (default and minimum 4, which also guarantees each replacement shortens the text).
   */
  minLength?: number;
}

/**
 * Replaces known secret values (and their URL-, JSON- and base64-encoded forms) with `***` in strings and,
 * deeply, in objects, arrays, maps, sets and errors. Values under secret-looking keys, bearer/basic
 * credentials and JWTs are masked even when they were never registered. Never mutates its input.
 */
export class Redactor {
  readonly #values = new Set<string>();
  readonly #minLength: number;
  #pattern: RegExp | undefined;

  constructor(options: RedactorOptions = {}) {
    this.#minLength = Math.max(4, options.minLength ?? 4);
    if (options.secrets) this.add(...options.secrets);
  }

  /** Registers secret values; empty and too-short values are ignored. Returns this for chaining. */
  add(...values: (string | null | undefined)[]): this {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < this.#minLength) continue;
      for (const form of encodedForms(value)) this.#values.add(form);
      this.#pattern = undefined;
    }
    return this;
  }

  /** Number of registered forms (each secret counts once per distinct encoding). */
  get size(): number {
    return this.#values.size;
  }

  /** A copy of `value` with every secret masked. Strings stay strings; structure is kept. */
  redact<T>(value: T): T {
    return this.#walk(value, false, new WeakMap()) as T;
  }

  redactString(text: string): string {
    let out = text;
    const pattern = this.#compiled();
    if (pattern) {
      // A replacement can complete a new occurrence ("a" + "***" where "a***" is a secret), so repeat
      // until none is left; every pass shortens the text, so this ends.
      for (let previous = ''; previous !== out; ) {
        previous = out;
        out = out.replace(pattern, REDACTED);
      }
    }
    if (!MAYBE_CREDENTIAL.test(out)) return out;
    return out.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
  }

  #compiled(): RegExp | undefined {
    if (this.#values.size === 0) return undefined;
    if (!this.#pattern) {
      // Longest first, so a secret that contains another is masked whole.
      const alternatives = [...this.#values].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return this.#pattern;
  }

  #walk(value: unknown, secretKeyed: boolean, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return secretKeyed ? REDACTED : this.redactString(value);
    if (value === null || typeof value !== 'object') {
      if (secretKeyed && typeof value === 'bigint') return REDACTED;
      return value;
    }
    if (seen.has(value)) return seen.get(value);
    if (
      value instanceof Date ||
      value instanceof RegExp ||
      ArrayBuffer.isView(value) ||
      value instanceof ArrayBuffer
    ) {
      return value;
    }
    if (value instanceof URL) return this.redactString(value.href);
    // Headers keep their entries out of sight of Object.entries; log them as a plain, masked object.
    if (typeof Headers !== 'undefined' && value instanceof Headers) {
      const out: Record<string, unknown> = {};
      for (const [key, header] of value) out[key] = this.#walk(header, secretKeyed || isSecretKey(key), seen);
      return out;
    }
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.#walk(item, secretKeyed, seen));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map();
      seen.set(value, out);
      for (const [k, v] of value) {
        const key = typeof k === 'string' ? this.redactString(k) : k;
        out.set(key, this.#walk(v, secretKeyed || (typeof k === 'string' && isSecretKey(k)), seen));
      }
      return out;
    }
    if (value instanceof Set) {
      const out = new Set();
      seen.set(value, out);
      for (const item of value) out.add(this.#walk(item, secretKeyed, seen));
      return out;
    }
    if (value instanceof Error) return this.#error(value, secretKeyed, seen);
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [key, child] of Object.entries(value)) {
      out[key] = this.#walk(child, secretKeyed || isSecretKey(key), seen);
    }
    return out;
  }

  #error(error: Error, secretKeyed: boolean, seen: WeakMap<object, unknown>): Error {
    const copy = Object.create(Object.getPrototypeOf(error)) as Error;
    seen.set(error, copy);
    const define = (key: string, v: unknown) =>
      Object.defineProperty(copy, key, { value: v, writable: true, configurable: true, enumerable: false });
    define('message', this.redactString(error.message));
    if (error.stack !== undefined) define('stack', this.redactString(error.stack));
    if (error.name !== Object.getPrototypeOf(error)?.name) define('name', error.name);
    if ('cause' in error) define('cause', this.#walk(error.cause, secretKeyed, seen));
    for (const [key, child] of Object.entries(error)) {
      (copy as unknown as Record<string, unknown>)[key] = this.#walk(
        child,
        secretKeyed || isSecretKey(key),
        seen,
      );
    }
    return copy;
  }
}

/** Redacts `value` with the given known secrets plus key- and pattern-based masking. */
export function redact<T>(value: T, secrets: Iterable<string | null | undefined> = []): T {
  return new Redactor({ secrets }).redact(value);
}

function encodedForms(value: string): string[] {
  const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  // Trailing padding differs with context, so match the unpadded base64 body.
  forms.add(btoa(binary).replace(/=+$/, ''));
  return [...forms];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

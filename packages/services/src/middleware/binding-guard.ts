import type { Context, MiddlewareHandler } from 'hono';
import { ServiceErrorCode } from '../errors.js';
import { errorJson } from '../http/envelope.js';
import { type LogEntry, writeLog } from './logger.js';

export type BindingKind = 'd1' | 'kv' | 'r2' | 'queue' | 'var' | 'any';

export interface RequiredBinding {
  name: string;
  kind?: BindingKind;
}

export interface BindingGuardOptions {
  bindings: readonly (string | RequiredBinding)[];
  /** Name the missing bindings in the response too (only wise in development). Default false. */
  exposeNames?: boolean | ((env: Record<string, unknown>) => boolean);
  redact?: (entry: LogEntry) => unknown;
  sink?: (line: string) => void;
  /** Requests served without the check (e.g. `/health`, which reports on bindings itself). */
  skip?: (c: Context) => boolean;
}

const PROBE: Record<BindingKind, (value: unknown) => boolean> = {
  d1: (v) => typeof (v as { prepare?: unknown })?.prepare === 'function',
  kv: (v) =>
    typeof (v as { get?: unknown })?.get === 'function' && typeof (v as { put?: unknown }).put === 'function',
  r2: (v) => typeof (v as { head?: unknown })?.head === 'function',
  queue: (v) => typeof (v as { send?: unknown })?.send === 'function',
  var: (v) => typeof v === 'string' && v.length > 0,
  any: (v) => v !== undefined && v !== null,
};

const KIND_LABEL: Record<BindingKind, string> = {
  d1: 'D1 database',
  kv: 'KV namespace',
  r2: 'R2 bucket',
  queue: 'queue',
  var: 'variable or secret',
  any: 'binding',
};

/** Names of the listed bindings that are absent (or of the wrong kind) in `env`, as readable phrases. */
export function missingBindings(
  env: Record<string, unknown>,
  bindings: BindingGuardOptions['bindings'],
): string[] {
  const missing: string[] = [];
  for (const entry of bindings) {
    const { name, kind = 'any' } = typeof entry === 'string' ? { name: entry } : entry;
    if (!PROBE[kind](env?.[name])) missing.push(`${KIND_LABEL[kind]} binding "${name}"`);
  }
  return missing;
}

/**
 * Checks the environment's bindings before any handler touches them. A missing one gives one clear error
 * naming it in the log (once per isolate) and a 500 `MISCONFIGURED` that names it only when `exposeNames`.
 */
export function requireBindings(options: BindingGuardOptions): MiddlewareHandler {
  const refusal = bindingRefusal(options);
  return async (c, next) => refusal(c) ?? next();
}

/**
 * The check of `requireBindings` on its own: the `MISCONFIGURED` response when a binding is missing, else
 * undefined (once every binding was found, later requests are not checked again).
 */
export function bindingRefusal(options: BindingGuardOptions): (c: Context) => Response | undefined {
  let verified = false;
  let logged = false;
  return (c) => {
    if (verified || options.skip?.(c)) return undefined;
    const env = (c.env ?? {}) as Record<string, unknown>;
    const missing = missingBindings(env, options.bindings);
    if (missing.length === 0) {
      verified = true;
      return undefined;
    }
    const message = `missing ${missing.join(', ')}: add it to the wrangler configuration of this environment`;
    if (!logged) {
      logged = true;
      writeLog(options, { level: 'error', msg: message, requestId: c.get('requestId') });
    }
    const expose =
      typeof options.exposeNames === 'function' ? options.exposeNames(env) : options.exposeNames === true;
    return errorJson(
      c,
      500,
      ServiceErrorCode.MISCONFIGURED,
      expose ? message : 'the service is misconfigured; see its logs',
    );
  };
}

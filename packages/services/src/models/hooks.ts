import type { ListQuery, Row } from '../data/types.js';
import type { Model } from './define-model.js';

export const HOOK_OPERATIONS = ['list', 'get', 'create', 'update', 'delete'] as const;
export type HookOperation = (typeof HOOK_OPERATIONS)[number];

/** What a before-hook receives (and may return changed) per operation. */
export interface BeforeInput {
  list: ListQuery;
  get: { id: string };
  create: Row;
  update: { id: string; data: Row; mode: 'patch' | 'replace' };
  delete: { id: string; soft: boolean };
}

/** What an after-hook receives (and may return changed) per operation. */
export interface AfterResult {
  list: { data: Row[]; total: number };
  get: Row;
  create: Row;
  update: Row;
  delete: { id: string };
}

/** Facts about the call a hook runs for; `context` is whatever the caller passed (the REST layer passes the Hono context). */
export interface HookContext {
  model: Model;
  operation: HookOperation;
  context?: unknown;
}

/**
 * A before-hook may return a replacement input (or nothing to keep it) and vetoes the operation by throwing
 * a `ServiceError` (its status becomes the response status).
 */
export type BeforeHook<O extends HookOperation> = (
  input: BeforeInput[O],
  ctx: HookContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only checks returns nothing
) => BeforeInput[O] | undefined | void | Promise<BeforeInput[O] | undefined | void>;

export type AfterHook<O extends HookOperation> = (
  result: AfterResult[O],
  ctx: HookContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only checks returns nothing
) => AfterResult[O] | undefined | void | Promise<AfterResult[O] | undefined | void>;

type OneOrMany<T> = T | readonly T[];

/** Lifecycle hooks of a model; several per slot run in order, each seeing the previous one's output. */
export interface ModelHooks {
  before?: { [O in HookOperation]?: OneOrMany<BeforeHook<O>> };
  after?: { [O in HookOperation]?: OneOrMany<AfterHook<O>> };
}

function list<T>(value: OneOrMany<T> | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/**
 * Runs the before-hooks of one operation in order. Without hooks the input comes back as it is, not wrapped
 * in a promise: the common case costs the caller no extra promise per request.
 */
export function runBefore<O extends HookOperation>(
  model: Model,
  operation: O,
  input: BeforeInput[O],
  context: unknown,
): BeforeInput[O] | Promise<BeforeInput[O]> {
  const hooks = model.hooks.before?.[operation] as OneOrMany<BeforeHook<O>> | undefined;
  if (hooks === undefined) return input;
  return runInOrder(list(hooks), input, { model, operation, context });
}

/** Runs the after-hooks of one operation in order; like `runBefore`, synchronous when there are none. */
export function runAfter<O extends HookOperation>(
  model: Model,
  operation: O,
  result: AfterResult[O],
  context: unknown,
): AfterResult[O] | Promise<AfterResult[O]> {
  const hooks = model.hooks.after?.[operation] as OneOrMany<AfterHook<O>> | undefined;
  if (hooks === undefined) return result;
  return runInOrder(list(hooks), result, { model, operation, context });
}

async function runInOrder<T>(
  hooks: readonly ((value: T, ctx: HookContext) => unknown)[],
  value: T,
  ctx: HookContext,
): Promise<T> {
  let current = value;
  for (const hook of hooks) {
    const next = await hook(current, ctx);
    if (next !== undefined) current = next as T;
  }
  return current;
}

/** A copy of `hooks` with `extra` appended slot by slot (modules add hooks without replacing the model's own). */
export function mergeHooks(hooks: ModelHooks, extra: ModelHooks): ModelHooks {
  const merged: ModelHooks = { before: { ...hooks.before }, after: { ...hooks.after } };
  for (const phase of ['before', 'after'] as const) {
    for (const op of HOOK_OPERATIONS) {
      const add = extra[phase]?.[op];
      if (add === undefined) continue;
      const target = merged[phase] as Record<string, unknown>;
      target[op] = [...list(target[op] as OneOrMany<unknown>), ...list(add as OneOrMany<unknown>)];
    }
  }
  return merged;
}

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

export async function runBefore<O extends HookOperation>(
  model: Model,
  operation: O,
  input: BeforeInput[O],
  context: unknown,
): Promise<BeforeInput[O]> {
  let current = input;
  for (const hook of list(model.hooks.before?.[operation] as OneOrMany<BeforeHook<O>> | undefined)) {
    const next = await hook(current, { model, operation, context });
    if (next !== undefined) current = next as BeforeInput[O];
  }
  return current;
}

export async function runAfter<O extends HookOperation>(
  model: Model,
  operation: O,
  result: AfterResult[O],
  context: unknown,
): Promise<AfterResult[O]> {
  let current = result;
  for (const hook of list(model.hooks.after?.[operation] as OneOrMany<AfterHook<O>> | undefined)) {
    const next = await hook(current, { model, operation, context });
    if (next !== undefined) current = next as AfterResult[O];
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

// Type-level check, run by `tsc`: the real binding types satisfy the slices this package accepts, so a
// service typed with @cloudflare/workers-types can pass `env.DB`, `env.KV`, ... without casts.
import type {
  D1Database,
  ExecutionContext,
  KVNamespace,
  MessageBatch,
  Queue,
  R2Bucket,
  ScheduledController,
} from '@cloudflare/workers-types/index.ts';
import type {
  D1DatabaseLike,
  ExecutionContextLike,
  KVNamespaceLike,
  MessageBatchLike,
  QueueLike,
  R2BucketLike,
  ScheduledControllerLike,
} from '../index.js';

declare const env: {
  DB: D1Database;
  KV: KVNamespace;
  FILES: R2Bucket;
  QUEUE: Queue;
  batch: MessageBatch;
  controller: ScheduledController;
  ctx: ExecutionContext;
};

export const d1: D1DatabaseLike = env.DB;
export const kv: KVNamespaceLike = env.KV;
export const r2: R2BucketLike = env.FILES;
export const queue: QueueLike = env.QUEUE;
export const batch: MessageBatchLike = env.batch;
export const controller: ScheduledControllerLike = env.controller;
export const ctx: ExecutionContextLike = env.ctx;

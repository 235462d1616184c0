// The slices of the Workers binding APIs this package uses. Real bindings (`D1Database`, `KVNamespace`,
// `R2Bucket`, ...) satisfy them structurally, and tests run against the real ones inside workerd.

export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>;
  run(): Promise<{ meta?: { changes?: number } }>;
}

export interface D1DatabaseLike {
  prepare(query: string): D1StatementLike;
  batch<T = unknown>(statements: D1StatementLike[]): Promise<{ results: T[] }[]>;
}

export interface KVNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number; expiration?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

export type R2RangeLike =
  | { offset: number; length?: number }
  | { offset?: number; length: number }
  | { suffix: number };

export interface R2ObjectLike {
  key: string;
  size: number;
  etag: string;
  httpEtag: string;
  uploaded: Date;
  httpMetadata?: { contentType?: string; cacheControl?: string; contentDisposition?: string };
  customMetadata?: Record<string, string>;
  range?: R2RangeLike;
}

export interface R2ObjectBodyLike extends R2ObjectLike {
  body: ReadableStream;
}

export interface R2BucketLike {
  head(key: string): Promise<R2ObjectLike | null>;
  get(key: string, options?: { range?: R2RangeLike }): Promise<R2ObjectBodyLike | R2ObjectLike | null>;
  put(
    key: string,
    value: ArrayBuffer | string,
    options?: { httpMetadata?: { contentType?: string }; customMetadata?: Record<string, string> },
  ): Promise<R2ObjectLike | null>;
  delete(key: string): Promise<void>;
}

export interface QueueLike<T = unknown> {
  send(body: T, options?: { delaySeconds?: number }): Promise<unknown>;
}

export interface QueueMessageLike<T = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: T;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface MessageBatchLike<T = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessageLike<T>[];
}

export interface ScheduledControllerLike {
  readonly cron: string;
  readonly scheduledTime: number;
}

export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

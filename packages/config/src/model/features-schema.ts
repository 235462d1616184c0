import { z } from 'zod';
import { bindingName, cronExpression, relativePath, resourceName, serviceName } from './rules.js';

const d1Database = z.strictObject({
  binding: bindingName,
  /** Logical database name inside the service; the real name is derived (see `databaseName`). */
  database: resourceName('database').optional(),
  /** Folder of SQL migrations, relative to the service path. */
  migrationsDir: relativePath.default('migrations'),
});

const kvNamespace = z.strictObject({ binding: bindingName });

const r2Bucket = z.strictObject({
  binding: bindingName,
  /** Bucket base name; the real name is derived per environment and customer. */
  bucket: resourceName('bucket'),
});

const queueProducer = z.strictObject({ binding: bindingName, queue: resourceName('queue') });

const queueConsumer = z.strictObject({
  queue: resourceName('queue'),
  maxBatchSize: z.int().min(1).max(100).optional(),
  maxBatchTimeout: z.int().min(0).max(60).optional(),
  maxRetries: z.int().min(0).max(100).optional(),
  deadLetterQueue: resourceName('queue').optional(),
});

const durableObject = z.strictObject({
  binding: bindingName,
  className: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, { error: 'is not a JavaScript class name' }),
});

const serviceBinding = z.strictObject({
  binding: bindingName,
  /** A service of this config; bound to its worker in the same environment (and customer). */
  service: serviceName,
  entrypoint: z.string().optional(),
});

const queues = z.strictObject({
  producers: z.array(queueProducer).default([]),
  consumers: z.array(queueConsumer).default([]),
});

export const featuresSchema = z.strictObject({
  d1: z.array(d1Database).default([]),
  kv: z.array(kvNamespace).default([]),
  r2: z.array(r2Bucket).default([]),
  queues: queues.prefault({}),
  cron: z.array(cronExpression).default([]),
  durableObjects: z.array(durableObject).default([]),
  services: z.array(serviceBinding).default([]),
  /** Workers AI binding name, when the service calls models. */
  ai: z.strictObject({ binding: bindingName }).optional(),
});

/** Per-environment feature overrides: each list given replaces the service's list of that kind. */
export const featuresOverrideSchema = z.strictObject({
  d1: z.array(d1Database).optional(),
  kv: z.array(kvNamespace).optional(),
  r2: z.array(r2Bucket).optional(),
  queues: queues.optional(),
  cron: z.array(cronExpression).optional(),
  durableObjects: z.array(durableObject).optional(),
  services: z.array(serviceBinding).optional(),
  ai: z.strictObject({ binding: bindingName }).optional(),
});

/** Names of the features a service may declare; anything else is reported as unknown. */
export const FEATURE_NAMES = Object.keys(featuresSchema.shape);

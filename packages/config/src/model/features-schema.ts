import { z } from 'zod';
import { bindingName, cronExpression, relativePath, resourceName, serviceName } from './rules.js';

/** A strict zod object of the given shape, spelled out for isolatedDeclarations. */
export type Strict<Shape extends z.core.$ZodShape> = z.ZodObject<Shape, z.core.$strict>;

const d1Database: Strict<{
  binding: z.ZodString;
  database: z.ZodOptional<z.ZodString>;
  migrationsDir: z.ZodDefault<z.ZodString>;
}> = z.strictObject({
  binding: bindingName,
  /** Logical database name inside the service; the real name is derived (see `databaseName`). */
  database: resourceName('database').optional(),
  /** Folder of SQL migrations, relative to the service path. */
  migrationsDir: relativePath.default('migrations'),
});

const kvNamespace: Strict<{ binding: z.ZodString }> = z.strictObject({ binding: bindingName });

const r2Bucket: Strict<{ binding: z.ZodString; bucket: z.ZodString }> = z.strictObject({
  binding: bindingName,
  /** Bucket base name; the real name is derived per environment and customer. */
  bucket: resourceName('bucket'),
});

const queueProducer: Strict<{ binding: z.ZodString; queue: z.ZodString }> = z.strictObject({
  binding: bindingName,
  queue: resourceName('queue'),
});

const queueConsumer: Strict<{
  queue: z.ZodString;
  maxBatchSize: z.ZodOptional<z.ZodInt>;
  maxBatchTimeout: z.ZodOptional<z.ZodInt>;
  maxRetries: z.ZodOptional<z.ZodInt>;
  deadLetterQueue: z.ZodOptional<z.ZodString>;
}> = z.strictObject({
  queue: resourceName('queue'),
  maxBatchSize: z.int().min(1).max(100).optional(),
  maxBatchTimeout: z.int().min(0).max(60).optional(),
  maxRetries: z.int().min(0).max(100).optional(),
  deadLetterQueue: resourceName('queue').optional(),
});

const durableObject: Strict<{ binding: z.ZodString; className: z.ZodString }> = z.strictObject({
  binding: bindingName,
  className: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, { error: 'is not a JavaScript class name' }),
});

const serviceBinding: Strict<{
  binding: z.ZodString;
  service: z.ZodString;
  entrypoint: z.ZodOptional<z.ZodString>;
}> = z.strictObject({
  binding: bindingName,
  /** A service of this config; bound to its worker in the same environment (and customer). */
  service: serviceName,
  entrypoint: z.string().optional(),
});

const queues: Strict<{
  producers: z.ZodDefault<z.ZodArray<typeof queueProducer>>;
  consumers: z.ZodDefault<z.ZodArray<typeof queueConsumer>>;
}> = z.strictObject({
  producers: z.array(queueProducer).default([]),
  consumers: z.array(queueConsumer).default([]),
});

export const featuresSchema: Strict<{
  d1: z.ZodDefault<z.ZodArray<typeof d1Database>>;
  kv: z.ZodDefault<z.ZodArray<typeof kvNamespace>>;
  r2: z.ZodDefault<z.ZodArray<typeof r2Bucket>>;
  queues: z.ZodPrefault<typeof queues>;
  cron: z.ZodDefault<z.ZodArray<z.ZodString>>;
  durableObjects: z.ZodDefault<z.ZodArray<typeof durableObject>>;
  services: z.ZodDefault<z.ZodArray<typeof serviceBinding>>;
  ai: z.ZodOptional<Strict<{ binding: z.ZodString }>>;
}> = z.strictObject({
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
export const featuresOverrideSchema: Strict<{
  d1: z.ZodOptional<z.ZodArray<typeof d1Database>>;
  kv: z.ZodOptional<z.ZodArray<typeof kvNamespace>>;
  r2: z.ZodOptional<z.ZodArray<typeof r2Bucket>>;
  queues: z.ZodOptional<typeof queues>;
  cron: z.ZodOptional<z.ZodArray<z.ZodString>>;
  durableObjects: z.ZodOptional<z.ZodArray<typeof durableObject>>;
  services: z.ZodOptional<z.ZodArray<typeof serviceBinding>>;
  ai: z.ZodOptional<Strict<{ binding: z.ZodString }>>;
}> = z.strictObject({
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
export const FEATURE_NAMES: string[] = Object.keys(featuresSchema.shape);

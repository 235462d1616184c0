// Public API of @clodo/services: the Worker runtime. Worker-safe: no `node:` imports anywhere below.
export { type FieldIssue, ServiceError, ServiceErrorCode } from './errors.js';

export {
  defineModel,
  type IndexDefinition,
  type Model,
  type ModelDefinition,
  withHooks,
} from './models/define-model.js';
export {
  FIELD_TYPES,
  type FieldDefinition,
  type FieldMap,
  type FieldType,
  type FieldValidator,
  SQL_TYPE,
} from './models/field.js';
export {
  type AfterHook,
  type AfterResult,
  type BeforeHook,
  type BeforeInput,
  HOOK_OPERATIONS,
  type HookContext,
  type HookOperation,
  type ModelHooks,
  mergeHooks,
} from './models/hooks.js';
export { coerceValue, type ValidationMode, validateInput } from './models/validate.js';

export { type DataCache, KvCache, MemoryCache } from './data/cache.js';
export { type CallOptions, DataService, type DataServiceOptions } from './data/data-service.js';
export { type ListOptions, normalizeListOptions, parseListQuery } from './data/query.js';
export {
  FILTER_OPERATORS,
  type FilterCondition,
  type FilterOperator,
  type ListQuery,
  type ListResult,
  type Pagination,
  type Row,
  type SortKey,
} from './data/types.js';

export {
  diffSchema,
  parseSnapshot,
  renderMigration,
  type SchemaDiff,
  type SchemaSnapshot,
  schemaSql,
  snapshotOf,
} from './migrations/schema-sql.js';

export { type ClodoWorker, createService, type ServiceOptions } from './service/create-service.js';
export type { Principal, ServiceContext, ServiceEnv } from './http/context.js';
export { type ErrorBody, errorJson } from './http/envelope.js';
export {
  type CheckResult,
  d1HealthCheck,
  type HealthCheck,
  type HealthReport,
  kvHealthCheck,
  r2HealthCheck,
  runHealthChecks,
} from './http/health.js';
export {
  describeFields,
  type ManifestField,
  type ManifestResource,
  type ServiceManifest,
} from './http/manifest.js';
export { mountResource, type ResourceOptions, type RouteInfo } from './http/resource.js';

export { type AuthOptions, auth, authenticate, type SecretSource } from './middleware/auth.js';
export {
  type BindingGuardOptions,
  type BindingKind,
  missingBindings,
  type RequiredBinding,
  requireBindings,
} from './middleware/binding-guard.js';
export { type CorsOptions, cors } from './middleware/cors.js';
export { type ErrorHandlerOptions, errorHandler, notFoundHandler } from './middleware/error-handler.js';
export { type LogEntry, type RequestLoggerOptions, requestLogger, writeLog } from './middleware/logger.js';
export {
  clientAddress,
  KvRateLimitStore,
  MemoryRateLimitStore,
  type RateLimitOptions,
  type RateLimitStore,
  rateLimit,
} from './middleware/rate-limit.js';
export { type RequestIdOptions, requestId } from './middleware/request-id.js';

export {
  customerForHost,
  type FeatureOptions,
  type FeatureScope,
  featureFlags,
  type FlagRule,
  resolveFeatures,
} from './features/flags.js';

export { KvJsonCache, type KvJsonCacheOptions } from './bindings/kv-json-cache.js';
export {
  type QueueBatchOutcome,
  type QueueConsumerOptions,
  queueConsumer,
} from './bindings/queue-consumer.js';
export {
  parseRange,
  type ServeOptions,
  serveR2Object,
  type UploadOptions,
  type UploadResult,
  uploadToR2,
} from './bindings/r2-files.js';
export { type JobOutcome, type ScheduledJob, scheduledJobs } from './bindings/scheduled.js';
export type {
  D1DatabaseLike,
  D1StatementLike,
  ExecutionContextLike,
  KVNamespaceLike,
  MessageBatchLike,
  QueueLike,
  QueueMessageLike,
  R2BucketLike,
  R2ObjectBodyLike,
  R2ObjectLike,
  R2RangeLike,
  ScheduledControllerLike,
} from './bindings/types.js';

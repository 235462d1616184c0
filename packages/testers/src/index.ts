export {
  type ApiEndpoint,
  type ApiResult,
  ApiTester,
  type ApiTesterOptions,
  discoverEndpoints,
  type EndpointResult,
} from './api/api-tester.js';
export {
  type ClodoManifest,
  fetchManifest,
  MANIFEST_PATH,
  type ManifestResource,
  readsNeedAuth,
} from './api/manifest.js';
export {
  type AuthCaseName,
  type AuthCaseResult,
  type AuthResult,
  AuthTester,
  type AuthTesterOptions,
  type ProtectedEndpoint,
} from './auth/auth-tester.js';
export { type JwtSettings, type MintOptions, mintJwt } from './auth/jwt.js';
export { type LoadTestOptions, type LoadTestSummary, loadTest } from './bench/load-test.js';
export {
  CLODO_ERROR_SHAPE,
  CLODO_HEALTH_SHAPE,
  CLODO_LIST_SHAPE,
  CLODO_RECORD_SHAPE,
  checkShape,
  type JsonShape,
} from './checks/shape.js';
export {
  type CrudResource,
  type DatabaseResult,
  type DatabaseStep,
  type DatabaseStepName,
  DatabaseTester,
  type DatabaseTesterOptions,
} from './database/database-tester.js';
export { isTesterError, TESTER_ERRORS, TesterError, type TesterErrorCode } from './errors.js';
export {
  type FailureKind,
  HttpClient,
  type HttpClientOptions,
  type HttpFailure,
  type HttpOutcome,
  type HttpRequest,
  type HttpResponse,
} from './http/client.js';
export {
  type Credentials,
  credentialHeaders,
  describeCredentials,
  MASK,
  maskText,
  secretValues,
} from './http/credentials.js';
export { parseTarget, type Target } from './http/target.js';
export { type LoadResult, LoadTester } from './load/load-tester.js';
export type { LoadModel, LoadOptions, LoadRequest } from './load/options.js';
export {
  applyLatencyLimits,
  type LatencyLimits,
  type PerformanceEndpoint,
  type PerformanceEndpointResult,
  type PerformanceResult,
  PerformanceTester,
  type PerformanceTesterOptions,
  type ThresholdCheck,
} from './performance/performance-tester.js';
export {
  emitProgress,
  type ProgressEvent,
  type ProgressListener,
  progressToEventTarget,
  type SuitePhase,
} from './progress/events.js';
export { renderHtmlReport } from './reports/html.js';
export { renderJsonReport } from './reports/json.js';
export { renderJUnitReport } from './reports/junit.js';
export { fileReportSink, type ReportSink } from './reports/sink.js';
export {
  type HistogramBucket,
  type LatencySummary,
  LatencyRecorder,
  type PercentilePoint,
} from './stats/latency.js';
export { Timeline, type TimelinePoint } from './stats/timeline.js';
export {
  type ReportFormat,
  type SuiteConfig,
  type SuiteLoadRun,
  type SuiteThresholds,
  validateSuiteConfig,
} from './suite/config.js';
export { ProductionTester, type ProductionTesterOptions } from './suite/production-tester.js';
export type { SuiteResult, SuiteThresholdCheck } from './suite/result.js';
export { evaluateThresholds } from './suite/thresholds.js';

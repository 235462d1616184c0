export {
  applyLatencyLimits,
  type LatencyLimits,
  type PerformanceEndpoint,
  type PerformanceResult,
  PerformanceTester,
  type PerformanceTesterOptions,
} from '@clodo/testers';

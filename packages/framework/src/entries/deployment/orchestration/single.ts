export {
  SINGLE_SERVICE_CRITICAL_PHASES,
  SingleServiceOrchestrator,
  type SingleServiceOptions,
} from '@clodo/orchestration';

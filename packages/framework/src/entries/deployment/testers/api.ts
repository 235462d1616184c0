export {
  type ApiEndpoint,
  type ApiResult,
  ApiTester,
  type ApiTesterOptions,
  discoverEndpoints,
  type EndpointResult,
} from '@clodo/testers';

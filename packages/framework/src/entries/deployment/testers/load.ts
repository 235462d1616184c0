export {
  type LoadModel,
  type LoadOptions,
  type LoadRequest,
  type LoadResult,
  LoadTester,
  loadTest,
} from '@clodo/testers';

import type { Benchmark } from '../types.ts';
import { build } from './build.ts';
import { bundleSize } from './bundle-size.ts';
import { cliStartup } from './cli-startup.ts';
import { dataServiceRuntime } from './data-service-runtime.ts';
import { loadtester } from './loadtester.ts';
import { portfolio } from './portfolio.ts';

/** Every benchmark `pnpm bench` knows, in the order a full run takes them. */
export const BENCHMARKS: Benchmark[] = [
  cliStartup,
  build,
  bundleSize,
  dataServiceRuntime,
  loadtester,
  portfolio,
];

import {
  type ApiEndpoint,
  type ApiResult,
  ApiTester,
  type Credentials,
  ProductionTester,
  type SuiteConfig,
  type SuiteResult,
} from '@clodo/testers';
import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';
import type { TestOutcome } from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import type { SmokeTests } from './deployment-toolkit-steps.js';

type PerUnit<T> = T | ((unit: DeploymentUnit) => T);

export interface SmokeTestOptions {
  /**
   * Endpoints `ApiTester` checks (status, content type, shape, fields). Absent, and without
   * `suite`: discovered from the service's `/health` and manifest.
   */
  endpoints?: PerUnit<readonly ApiEndpoint[]>;
  /** A `ProductionTester` suite instead (its `baseUrl` is the deployed URL); its thresholds decide. */
  suite?: (unit: DeploymentUnit) => Omit<SuiteConfig, 'baseUrl'>;
  credentials?: PerUnit<Credentials | undefined>;
  /** Per request (testers' default otherwise). */
  timeoutMs?: number;
}

/**
 * Smoke tests for the verify phase, from @clodo/testers: `ApiTester` over the given (or discovered)
 * endpoints, or a whole `ProductionTester` suite. Pass the result as `tests` to
 * `createDeploymentSteps`; a failing check fails verify, and the run rolls the unit back.
 */
export function createSmokeTests(options: SmokeTestOptions = {}): SmokeTests {
  if (options === null || typeof options !== 'object') {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'smoke tests: options must be an object',
    );
  }
  if (options.endpoints !== undefined && options.suite !== undefined) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'smoke tests: give endpoints or suite, not both',
    );
  }
  if (options.suite !== undefined && typeof options.suite !== 'function') {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      'smoke tests: suite must be a function of the unit',
    );
  }
  const perUnit = <T>(value: PerUnit<T>, unit: DeploymentUnit): T =>
    typeof value === 'function' ? (value as (u: DeploymentUnit) => T)(unit) : value;

  return async (unit, url) => {
    const credentials = perUnit(options.credentials, unit);
    if (options.suite) {
      const config: SuiteConfig = {
        ...options.suite(unit),
        baseUrl: url,
        ...(credentials ? { credentials } : {}),
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      };
      return fromSuite(await new ProductionTester(config).run());
    }
    const endpoints = options.endpoints === undefined ? undefined : [...perUnit(options.endpoints, unit)];
    const tester = new ApiTester({
      baseUrl: url,
      ...(endpoints ? { endpoints } : {}),
      ...(credentials ? { credentials } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    return fromApi(await tester.run());
  };
}

function apiFailures(result: ApiResult): string[] {
  return result.endpoints
    .filter((e) => !e.passed)
    .map((e) => `${e.name}: ${e.failures.join(', ') || `HTTP ${e.status ?? 'no answer'}`}`);
}

function fromApi(result: ApiResult): TestOutcome {
  return { passed: result.passed, failures: apiFailures(result), total: result.total };
}

function fromSuite(result: SuiteResult): TestOutcome {
  const failures = [
    ...(result.api ? apiFailures(result.api) : []),
    ...(result.auth?.cases ?? [])
      .filter((c) => !c.passed)
      .map((c) => `auth ${c.endpoint} ${c.case}: ${c.failures.join(', ') || 'failed'}`),
    ...(result.database && !result.database.passed ? [`database ${result.database.resource}: failed`] : []),
    ...result.thresholds
      .filter((t) => !t.passed)
      .map((t) => `${t.scope} ${t.name}: ${t.actual} (limit ${t.limit})`),
    ...result.errors.map((e) => `${e.phase}: ${e.message}`),
  ];
  if (!result.passed && failures.length === 0) failures.push(`${result.name}: failed`);
  const total =
    (result.api?.total ?? 0) +
    (result.auth?.total ?? 0) +
    (result.database ? 1 : 0) +
    result.thresholds.length;
  return { passed: result.passed, failures, total };
}

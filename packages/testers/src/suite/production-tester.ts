import { join } from 'node:path';
import { ApiTester } from '../api/api-tester.js';
import { AuthTester } from '../auth/auth-tester.js';
import { DatabaseTester } from '../database/database-tester.js';
import { isTesterError } from '../errors.js';
import { maskText, secretValues } from '../http/credentials.js';
import { parseTarget } from '../http/target.js';
import { LoadTester } from '../load/load-tester.js';
import { PerformanceTester } from '../performance/performance-tester.js';
import { emitProgress, type ProgressListener, type SuitePhase } from '../progress/events.js';
import { renderHtmlReport } from '../reports/html.js';
import { renderJsonReport } from '../reports/json.js';
import { renderJUnitReport } from '../reports/junit.js';
import { fileReportSink, type ReportSink } from '../reports/sink.js';
import { type ReportFormat, type SuiteConfig, validateSuiteConfig } from './config.js';
import type { SuiteResult } from './result.js';
import { evaluateThresholds } from './thresholds.js';

export interface ProductionTesterOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Where reports are written (default: files, atomically). */
  sink?: ReportSink;
}

const EXTENSIONS: Record<ReportFormat, string> = { json: 'json', junit: 'junit.xml', html: 'html' };

/** Runs the configured phases in order, applies thresholds and writes the reports. */
export class ProductionTester {
  readonly #config: SuiteConfig;
  readonly #options: ProductionTesterOptions;

  constructor(config: SuiteConfig, options: ProductionTesterOptions = {}) {
    validateSuiteConfig(config);
    this.#config = config;
    this.#options = options;
  }

  async run(): Promise<SuiteResult> {
    const c = this.#config;
    const { onProgress, signal } = this.#options;
    const started = performance.now();
    const result: SuiteResult = {
      kind: 'suite',
      name: c.name ?? 'Clodo production test',
      target: parseTarget(c.baseUrl).display,
      startedAt: new Date().toISOString(),
      finishedAt: '',
      durationMs: 0,
      passed: false,
      exitCode: 1,
      errors: [],
      thresholds: [],
      reports: {},
    };
    const common = {
      baseUrl: c.baseUrl,
      credentials: c.credentials,
      timeoutMs: c.timeoutMs,
      onProgress,
      signal,
    };
    const phase = async (name: SuitePhase, body: () => Promise<boolean>) => {
      if (signal?.aborted) return;
      emitProgress(onProgress, { type: 'phase', phase: name, state: 'start' });
      let passed = false;
      try {
        passed = await body();
      } catch (error) {
        // One phase failing to start (bad discovery, bad options) must not hide the others' results.
        result.errors.push({
          phase: name,
          code: isTesterError(error) ? error.code : 'PHASE_FAILED',
          message: error instanceof Error ? error.message : String(error),
        });
      }
      emitProgress(onProgress, { type: 'phase', phase: name, state: 'end', passed });
    };

    if (c.api) {
      await phase('api', async () => {
        const endpoints = c.api === true ? undefined : c.api?.endpoints;
        result.api = await new ApiTester({ ...common, endpoints }).run();
        return result.api.passed;
      });
    }
    if (c.auth) {
      const auth = c.auth;
      await phase('auth', async () => {
        result.auth = await new AuthTester({ ...common, credentials: c.credentials ?? {}, ...auth }).run();
        return result.auth.passed;
      });
    }
    if (c.database) {
      const database = c.database;
      await phase('database', async () => {
        result.database = await new DatabaseTester({ ...common, ...database }).run();
        return result.database.passed;
      });
    }
    if (c.performance) {
      const perf = c.performance;
      await phase('performance', async () => {
        result.performance = await new PerformanceTester({ ...common, ...perf }).run();
        return result.performance.passed;
      });
    }
    if (c.load) {
      const runs = Array.isArray(c.load) ? c.load : [c.load];
      await phase('load', async () => {
        result.load = [];
        for (const run of runs) {
          if (signal?.aborted) break;
          result.load.push(
            await new LoadTester({
              timeoutMs: c.timeoutMs,
              ...run,
              baseUrl: c.baseUrl,
              credentials: c.credentials,
              onProgress,
              signal,
            }).run(),
          );
        }
        return result.load.every((r) => !r.aborted);
      });
    }

    result.thresholds = evaluateThresholds(result, c.thresholds);
    result.passed =
      result.errors.length === 0 &&
      result.thresholds.every((t) => t.passed) &&
      !result.load?.some((r) => r.aborted);
    result.exitCode = result.passed ? 0 : 1;
    result.finishedAt = new Date().toISOString();
    result.durationMs = Math.round(performance.now() - started);

    const masked = this.#mask(result);
    if (c.reports) {
      const sink = this.#options.sink ?? fileReportSink;
      const base = c.reports.name ?? 'clodo-test-report';
      const formats = c.reports.formats ?? ['json', 'junit', 'html'];
      for (const format of formats)
        masked.reports[format] = join(c.reports.dir, `${base}.${EXTENSIONS[format]}`);
      const render = { json: renderJsonReport, junit: renderJUnitReport, html: renderHtmlReport };
      for (const format of formats) {
        await sink.write(masked.reports[format] as string, render[format](masked));
      }
    }
    return masked;
  }

  /** A last guard: whatever a server echoed back, no credential value leaves in results or reports. */
  #mask(result: SuiteResult): SuiteResult {
    const c = this.#config;
    const secrets = secretValues(c.credentials, c.auth?.wrongCredentials);
    if (c.auth?.jwt?.secret) secrets.push(c.auth.jwt.secret);
    if (secrets.length === 0) return result;
    const forms = secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
    return JSON.parse(maskText(JSON.stringify(result), forms)) as SuiteResult;
  }
}

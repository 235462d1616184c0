import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { validateConfig } from '@clodo/config';
import {
  blocksDeployment,
  type EnvironmentLevel,
  evaluateSecurityRules,
  type Finding,
  type SecurityRuleInput,
} from '@clodo/security';
import { assertContext, type DeploymentContext } from '../context.js';
import { readMigrationsFolder } from '../d1/migrations-folder.js';
import { DEPLOYMENT_ERRORS, DeploymentError, isDeploymentError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type DeploymentTarget, targetProblems } from '../targets/target.js';
import { d1Bindings, migrationsDirOf, readWranglerConfig } from '../wrangler-config/wrangler-config-file.js';
import type { ValidationFinding, ValidationReport } from './finding.js';

/** A config problem as `@clodo/config`'s `validateConfig` reports it. */
export interface ConfigIssue {
  path: string;
  message: string;
  hint?: string;
}

export interface ValidationRequest {
  context: DeploymentContext;
  /** Environment level for custom names (default: from `context.environment`, as `@clodo/security` judges it). */
  level?: EnvironmentLevel;
  target: Partial<DeploymentTarget>;
  /** The generated wrangler config for this service × environment. */
  configPath: string;
  cwd: string;
  wranglerEnv?: string;
  /** The project's config (`clodo.config.ts` contents); checked with `@clodo/config`'s `validateConfig`. */
  config?: unknown;
  /** Problems already reported elsewhere (each is an error), added to those from `config`. */
  configIssues?: readonly ConfigIssue[];
  /** Security rule input for this environment; the validator runs `evaluateSecurityRules` on it. */
  security?: Omit<SecurityRuleInput, 'environment' | 'level'>;
  /** Findings already evaluated elsewhere (added to those from `security`). */
  securityFindings?: readonly Finding[];
  /** Build the bundle with `wrangler deploy --dry-run` (default true; ~2 s). */
  checkBundle?: boolean;
}

export interface DeploymentValidatorOptions {
  runner: CommandRunner;
}

/**
 * Preflight for one service × environment: config valid, security rules pass for the environment,
 * credentials present, the bundle builds, the migrations folder is consistent. Returns every
 * finding; changes nothing (the dry-run bundle goes to a temporary directory that is removed).
 */
export class DeploymentValidator {
  readonly #runner: CommandRunner;

  constructor(options: DeploymentValidatorOptions) {
    if (!options?.runner) throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'runner: required');
    this.#runner = options.runner;
  }

  async validate(request: ValidationRequest): Promise<ValidationReport> {
    assertContext(request?.context, 'request.context');
    const findings: ValidationFinding[] = [];
    const configIssues: ConfigIssue[] = [];
    if (request.config !== undefined) {
      const result = validateConfig(request.config);
      if (!result.ok) configIssues.push(...result.problems);
    }
    configIssues.push(...(request.configIssues ?? []));
    for (const issue of configIssues) {
      const where = issue.path === '' ? 'config' : issue.path;
      findings.push({
        check: 'config',
        severity: 'error',
        message: `${where}: ${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`,
        path: issue.path,
      });
    }
    const security = [
      ...(request.security
        ? evaluateSecurityRules({
            ...request.security,
            environment: request.context.environment,
            level: request.level,
          })
        : []),
      ...(request.securityFindings ?? []),
    ];
    // Critical findings block a production-level environment; everything else is reported, not blocking.
    for (const issue of security) {
      const blocking = blocksDeployment([issue], request.context.environment, request.level);
      findings.push({
        check: 'security',
        severity: blocking ? 'error' : 'warning',
        message: `${issue.rule}: ${issue.message}`,
        path: issue.path,
      });
    }
    for (const problem of targetProblems(request.target ?? {})) {
      findings.push({ check: 'credentials', severity: 'error', message: problem });
    }
    if (typeof request.cwd !== 'string' || request.cwd === '') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        'request.cwd: expected a non-empty string',
      );
    }
    if (typeof request.configPath !== 'string' || request.configPath === '') {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        'request.configPath: expected a non-empty string',
      );
    }
    // A relative configPath is relative to the request's cwd, as it is for the wrangler it runs.
    const configPath = isAbsolute(request.configPath)
      ? request.configPath
      : resolve(request.cwd, request.configPath);
    findings.push(...(await this.#migrations(configPath)));
    let bundleBytes: number | undefined;
    if (request.checkBundle !== false) {
      const bundle = await this.#bundle(request);
      if (typeof bundle === 'number') bundleBytes = bundle;
      else findings.push(bundle);
    }
    return {
      ok: findings.every((f) => f.severity !== 'error'),
      findings,
      ...(bundleBytes !== undefined ? { bundleBytes } : {}),
    };
  }

  async #migrations(configPath: string): Promise<ValidationFinding[]> {
    let config: Awaited<ReturnType<typeof readWranglerConfig>>;
    try {
      config = await readWranglerConfig(configPath);
    } catch (error) {
      return [{ check: 'config', severity: 'error', message: (error as Error).message, path: configPath }];
    }
    const findings: ValidationFinding[] = [];
    const seen = new Set<string>();
    for (const binding of d1Bindings(config)) {
      const dir = migrationsDirOf(configPath, binding);
      if (seen.has(dir)) continue;
      seen.add(dir);
      const folder = await readMigrationsFolder(dir);
      if (!folder.exists) {
        findings.push({
          check: 'migrations',
          severity: 'warning',
          message: `${binding.binding}: no migrations folder at ${dir}`,
          path: dir,
        });
      }
      for (const message of folder.errors)
        findings.push({ check: 'migrations', severity: 'error', message, path: dir });
      for (const message of folder.warnings) {
        findings.push({ check: 'migrations', severity: 'warning', message, path: dir });
      }
    }
    return findings;
  }

  // Dry runs in one directory share (and then remove) its .wrangler scratch folder, so they take
  // turns; dry runs of different directories run side by side.
  static readonly #turns = new Map<string, Promise<unknown>>();

  #bundle(request: ValidationRequest): Promise<number | ValidationFinding> {
    const key = resolve(request.cwd);
    const previous = DeploymentValidator.#turns.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => this.#bundleNow(request),
      () => this.#bundleNow(request),
    );
    const settled = run.catch(() => {});
    DeploymentValidator.#turns.set(key, settled);
    void settled.then(() => {
      if (DeploymentValidator.#turns.get(key) === settled) DeploymentValidator.#turns.delete(key);
    });
    return run;
  }

  async #bundleNow(request: ValidationRequest): Promise<number | ValidationFinding> {
    const outdir = await mkdtemp(join(tmpdir(), 'clodo-dry-run-'));
    // Wrangler keeps scratch files in <cwd>/.wrangler; a preflight must leave the project as it was.
    const scratch = join(request.cwd, '.wrangler');
    const scratchExisted = await stat(scratch).then(
      () => true,
      () => false,
    );
    try {
      const args = ['deploy', '--dry-run', '--outdir', outdir, '--config', request.configPath];
      if (request.wranglerEnv) args.push('--env', request.wranglerEnv);
      await this.#runner.run({ args, cwd: request.cwd });
      return await directorySize(outdir);
    } catch (error) {
      if (!isDeploymentError(error)) throw error;
      return { check: 'bundle', severity: 'error', message: error.message, path: request.configPath };
    } finally {
      await rm(outdir, { recursive: true, force: true });
      if (!scratchExisted) await rm(scratch, { recursive: true, force: true });
    }
  }
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.endsWith('.map'))
      total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

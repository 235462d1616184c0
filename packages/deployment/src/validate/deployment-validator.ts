import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
}

/** A security finding as `@clodo/security`'s `evaluateSecurityRules` reports it. */
export interface SecurityIssue {
  rule?: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  message: string;
  path?: string;
}

export interface ValidationRequest {
  context: DeploymentContext;
  /** Critical security findings block production only; elsewhere they are warnings. */
  production: boolean;
  target: Partial<DeploymentTarget>;
  /** The generated wrangler config for this service × environment. */
  configPath: string;
  cwd: string;
  wranglerEnv?: string;
  /** What `validateConfig` reported for the project (each is an error). */
  configIssues?: readonly ConfigIssue[];
  /** What `evaluateSecurityRules` reported for this environment. */
  securityFindings?: readonly SecurityIssue[];
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
    for (const issue of request.configIssues ?? []) {
      findings.push({
        check: 'config',
        severity: 'error',
        message: `${issue.path}: ${issue.message}`,
        path: issue.path,
      });
    }
    for (const issue of request.securityFindings ?? []) {
      const blocking = issue.severity === 'critical' && request.production;
      findings.push({
        check: 'security',
        severity: blocking ? 'error' : 'warning',
        message: `${issue.rule ? `${issue.rule}: ` : ''}${issue.message}`,
        ...(issue.path ? { path: issue.path } : {}),
      });
    }
    for (const problem of targetProblems(request.target ?? {})) {
      findings.push({ check: 'credentials', severity: 'error', message: problem });
    }
    findings.push(...(await this.#migrations(request.configPath)));
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

  async #bundle(request: ValidationRequest): Promise<number | ValidationFinding> {
    const outdir = await mkdtemp(join(tmpdir(), 'clodo-dry-run-'));
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

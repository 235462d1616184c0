import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// PRODUCT §9: every import path of the old framework, and the names users import from them.
const SUBPATHS = [
  '.',
  './services',
  './schema',
  './modules',
  './routing',
  './handlers',
  './config',
  './config/discovery',
  './config/customers',
  './utils/config',
  './worker',
  './utils',
  './utils/deployment',
  './orchestration',
  './deployment',
  './deployment/testers',
  './deployment/testers/api',
  './deployment/testers/auth',
  './deployment/testers/database',
  './deployment/testers/performance',
  './deployment/testers/load',
  './database',
  './security',
  './security/cli',
  './service-management',
  './service-management/create',
  './service-management/init',
  './modules/security',
  './deployment/orchestration',
  './deployment/orchestration/base',
  './deployment/orchestration/single',
  './deployment/orchestration/portfolio',
  './deployment/orchestration/enterprise',
  './deployment/orchestration/unified',
];

const testers = (own: string) => ['.', './deployment/testers', `./deployment/testers/${own}`];
const orchestrator = (own: string) => [
  '.',
  './orchestration',
  './deployment/orchestration',
  `./deployment/orchestration/${own}`,
];

// Each name on every old path it was imported from; the consumer checks it is one and the same class on all.
const NAMES: Record<string, string[]> = {
  GenericDataService: ['.', './services', './database'],
  SchemaManager: ['.', './schema', './database'],
  ModuleManager: ['.', './modules'],
  EnhancedRouter: ['.', './routing'],
  GenericRouteHandler: ['.', './handlers'],
  WranglerDeployer: ['.', './deployment'],
  DeploymentValidator: ['.', './deployment'],
  DeploymentAuditor: ['.', './deployment'],
  RollbackManager: ['.', './deployment'],
  ProductionTester: ['.', './deployment/testers'],
  ApiTester: testers('api'),
  AuthTester: testers('auth'),
  DatabaseTester: testers('database'),
  PerformanceTester: testers('performance'),
  LoadTester: testers('load'),
  ServiceCreator: ['.', './service-management', './service-management/create'],
  ServiceInitializer: ['.', './service-management', './service-management/init'],
  SecurityCLI: ['.', './security/cli'],
  BaseDeploymentOrchestrator: orchestrator('base'),
  SingleServiceOrchestrator: orchestrator('single'),
  PortfolioOrchestrator: orchestrator('portfolio'),
  EnterpriseOrchestrator: orchestrator('enterprise'),
  UnifiedDeploymentOrchestrator: orchestrator('unified'),
};

interface Outcome {
  ok: boolean;
  error?: string;
}
interface ConsumerReport {
  subpaths: Record<string, Outcome>;
  names: Record<string, Outcome>;
  checks: Record<string, Outcome>;
  seed: Outcome & { ran?: string[]; status?: string };
}

const failed = (entries: Record<string, Outcome>) =>
  Object.fromEntries(Object.entries(entries).filter(([, o]) => !o.ok));

describe('@clodo/framework from its packed tarball, in a clean npm project', () => {
  let installed: string;
  let project: string;
  let report: ConsumerReport;

  beforeAll(() => {
    // Every tarball plus miniflare is installed once by the global setup; this file works in its own
    // folder inside that project (Node resolves the packages from the parent node_modules).
    installed = inject('toolchainProject');
    project = mkdtempSync(join(installed, 'framework-'));
    writeFileSync(join(project, 'framework-spec.json'), JSON.stringify({ subpaths: SUBPATHS, names: NAMES }));
    copyFileSync(
      join(import.meta.dirname, 'framework-consumer.mjs'),
      join(project, 'framework-consumer.mjs'),
    );
    const out = execFileSync(process.execPath, ['framework-consumer.mjs'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    report = JSON.parse(out.trim().split('\n').pop()!) as ConsumerReport;
  }, 600_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  }, 120_000);

  it('publishes every subpath of PRODUCT §9', () => {
    const manifest = JSON.parse(
      readFileSync(join(installed, 'node_modules', '@clodo', 'framework', 'package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(SUBPATHS.filter((s) => !(s in manifest.exports))).toEqual([]);
  });

  it('imports every subpath', () => {
    expect(Object.keys(report.subpaths).sort()).toEqual([...SUBPATHS].sort());
    expect(failed(report.subpaths)).toEqual({});
  });

  it('serves every name as the same class on each of its old paths', () => {
    expect(Object.keys(report.names).sort()).toEqual(Object.keys(NAMES).sort());
    expect(failed(report.names)).toEqual({});
  });

  it('constructs each class and runs one real method', () => {
    expect(Object.keys(report.checks).sort()).toEqual(Object.keys(NAMES).sort());
    expect(failed(report.checks)).toEqual({});
  });

  it('runs a user subclass of BaseDeploymentOrchestrator with an onDeploy override', () => {
    expect(report.seed).toEqual({ ok: true, ran: ['onDeploy'], status: 'succeeded' });
  });

  it('maps the old clodo-service commands onto clodo', () => {
    const run = (args: string[]) =>
      spawnSync(join(installed, 'node_modules', '.bin', 'clodo-service'), args, {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NO_COLOR: '1' },
      });
    const types = run(['list-types', '--json']);
    expect(types.status).toBe(0);
    expect((JSON.parse(types.stdout) as { type: string }[]).map((t) => t.type)).toEqual([
      'data-service',
      'api-gateway',
      'auth-service',
      'static-site',
      'generic',
    ]);
    const deploy = run(['deploy', '--help']);
    expect(deploy.status).toBe(0);
    expect(deploy.stderr).toContain('now `clodo deploy`');
    expect(deploy.stdout).toContain('Usage: clodo deploy');
    const validate = run(['validate']);
    expect(validate.stderr).toContain('now `clodo validate`');
    expect(validate.status).toBe(2);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';

// The old import path, resolved by package name to the built entries (what the tarball ships).
const subpath = '@clodo/framework/deployment/orchestration';

describe('the built @clodo/framework', () => {
  it('runs a user subclass of BaseDeploymentOrchestrator with an onDeploy override', async () => {
    const { BaseDeploymentOrchestrator } = (await import(
      /* @vite-ignore */ subpath
    )) as typeof import('./entries/deployment/orchestration.js');
    const calls: string[] = [];
    class MyOrchestrator extends BaseDeploymentOrchestrator {
      protected override async onDeploy(): Promise<void> {
        calls.push('deploy');
      }
    }
    const result = await new MyOrchestrator().execute();
    expect(calls).toEqual(['deploy']);
    expect(result.status).toBe('succeeded');
    expect(result.phases.deploy.state).toBe('succeeded');
  }, 60_000);

  it('rolls back when the overridden deploy throws', async () => {
    const { BaseDeploymentOrchestrator } = (await import(
      /* @vite-ignore */ subpath
    )) as typeof import('./entries/deployment/orchestration.js');
    class Broken extends BaseDeploymentOrchestrator {
      protected override async onDeploy(): Promise<void> {
        throw new Error('upload refused');
      }
    }
    const result = await new Broken().execute();
    expect(result.status).not.toBe('succeeded');
    expect(result.phases.deploy.state).toBe('failed');
  });

  it('serves the five orchestrators and the six testers by their old names', async () => {
    const root = (await import(/* @vite-ignore */ '@clodo/framework')) as Record<string, unknown>;
    for (const name of [
      'BaseDeploymentOrchestrator',
      'SingleServiceOrchestrator',
      'PortfolioOrchestrator',
      'EnterpriseOrchestrator',
      'UnifiedDeploymentOrchestrator',
      'ApiTester',
      'AuthTester',
      'DatabaseTester',
      'PerformanceTester',
      'LoadTester',
      'ProductionTester',
      'WranglerDeployer',
      'DeploymentValidator',
      'DeploymentAuditor',
      'RollbackManager',
    ]) {
      expect(typeof root[name], name).toBe('function');
    }
  }, 60_000);
});

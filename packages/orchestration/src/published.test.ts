import { describe, expect, it } from 'vitest';

// The built entries (what the tarball ships), not the sources: a user's subclass works from them.
const dist = '../dist/index.js';
const distTesting = '../dist/testing.js';

describe('the built package', () => {
  it('lets a user subclass BaseDeploymentOrchestrator and override one hook', async () => {
    const { BaseDeploymentOrchestrator } = (await import(dist)) as typeof import('./index.js');
    class MyOrchestrator extends BaseDeploymentOrchestrator {
      live = 'v1';
      override async onDeploy(ctx: import('./index.js').PhaseContext) {
        const previous = this.live;
        this.live = 'v2';
        await ctx.registerCompensation({ description: `restore ${previous}` }, async () => {
          this.live = previous;
        });
      }
      override async onVerify() {
        throw new Error('v2 answers 500');
      }
    }
    const orchestrator = new MyOrchestrator();
    const result = await orchestrator.execute();
    expect(result.status).toBe('rolled-back');
    expect(orchestrator.live).toBe('v1');
    expect(result.phases.deploy.state).toBe('succeeded');
  });

  it('ships all five orchestrators and the testing helpers', async () => {
    const api = (await import(dist)) as Record<string, unknown>;
    for (const name of [
      'BaseDeploymentOrchestrator',
      'SingleServiceOrchestrator',
      'PortfolioOrchestrator',
      'EnterpriseOrchestrator',
      'UnifiedDeploymentOrchestrator',
      'createDeploymentSteps',
      'FileRunStateStore',
    ]) {
      expect(typeof api[name], name).toBe('function');
    }
    const { PortfolioOrchestrator } = api as typeof import('./index.js');
    const { FakeDeploymentSteps } = (await import(distTesting)) as typeof import('./testing/index.js');
    const steps = new FakeDeploymentSteps();
    const result = await new PortfolioOrchestrator({
      steps,
      environment: 'dev',
      services: [{ service: 'a' }, { service: 'b', dependsOn: ['a'] }],
    }).execute();
    expect(result.summary.succeeded).toBe(2);
  });
});

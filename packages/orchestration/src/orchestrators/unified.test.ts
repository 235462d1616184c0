import { describe, expect, it } from 'vitest';
import { isOrchestrationError } from '../errors.js';
import { FakeDeploymentSteps } from '../testing/fake-steps.js';
import { ManualClock } from '../testing/manual-clock.js';
import { EnterpriseOrchestrator } from './enterprise.js';
import { PortfolioOrchestrator } from './portfolio.js';
import { SingleServiceOrchestrator } from './single-service.js';
import { selectMode, UnifiedDeploymentOrchestrator } from './unified.js';

describe('selectMode', () => {
  it('picks single, portfolio or enterprise from the request', () => {
    expect(selectMode({ services: [{ service: 'api' }], environment: 'dev' })).toBe('single');
    expect(selectMode({ services: [{ service: 'api', customers: ['a', 'b'] }], environment: 'dev' })).toBe(
      'portfolio',
    );
    expect(selectMode({ services: [{ service: 'api' }, { service: 'web' }], environment: 'dev' })).toBe(
      'portfolio',
    );
    expect(selectMode({ services: [{ service: 'api' }], environments: ['staging', 'production'] })).toBe(
      'enterprise',
    );
    expect(
      selectMode({
        services: [{ service: 'api' }],
        environment: 'production',
        capabilities: ['gradual-rollout'],
      }),
    ).toBe('enterprise');
    expect(selectMode({ mode: 'portfolio', services: [{ service: 'api' }], environment: 'dev' })).toBe(
      'portfolio',
    );
  });

  it('names the valid capabilities and modes when given an unknown one', () => {
    let error: unknown;
    try {
      selectMode({ services: [{ service: 'api' }], environment: 'dev', capabilities: ['tests', 'canary'] });
    } catch (e) {
      error = e;
    }
    expect(isOrchestrationError(error, 'UNKNOWN_CAPABILITY')).toBe(true);
    expect((error as Error).message).toContain('"canary"');
    expect((error as Error).message).toContain(
      'validation, migrations, secrets, tests, gradual-rollout, rollback',
    );
    expect(() => selectMode({ mode: 'galaxy' as never, services: [] })).toThrow(
      'mode: unknown "galaxy"; valid modes: single, portfolio, enterprise',
    );
    expect(() =>
      selectMode({
        mode: 'single',
        services: [{ service: 'api' }],
        environment: 'dev',
        capabilities: ['gradual-rollout'],
      }),
    ).toThrow('gradual-rollout needs mode "enterprise"');
  });
});

describe('UnifiedDeploymentOrchestrator', () => {
  const clock = new ManualClock();

  it('builds the orchestrator for the mode', () => {
    const unified = new UnifiedDeploymentOrchestrator({ steps: new FakeDeploymentSteps(), clock });
    expect(
      unified.orchestratorFor({ services: [{ service: 'api' }], environment: 'dev' }).orchestrator,
    ).toBeInstanceOf(SingleServiceOrchestrator);
    expect(
      unified.orchestratorFor({ services: [{ service: 'a' }, { service: 'b' }], environment: 'dev' })
        .orchestrator,
    ).toBeInstanceOf(PortfolioOrchestrator);
    expect(
      unified.orchestratorFor({ services: [{ service: 'a' }], environments: ['dev', 'production'] })
        .orchestrator,
    ).toBeInstanceOf(EnterpriseOrchestrator);
  });

  it('runs a single service with only the requested capabilities', async () => {
    const steps = new FakeDeploymentSteps();
    const result = await new UnifiedDeploymentOrchestrator({ steps, clock }).execute({
      services: [{ service: 'api', hasDatabase: true }],
      environment: 'dev',
      capabilities: ['validation', 'rollback'],
    });
    expect(result.mode).toBe('single');
    expect(result.status).toBe('succeeded');
    expect(steps.calls.map((c) => c.step)).toEqual(['validate', 'build', 'read-version', 'deploy', 'health']);
  });

  it('runs a portfolio with its policy and concurrency', async () => {
    const steps = new FakeDeploymentSteps({
      fail: (step, unit) => (step === 'deploy' && unit.service === 'b' ? 'boom' : undefined),
    });
    const result = await new UnifiedDeploymentOrchestrator({ steps, clock }).execute({
      services: [{ service: 'a' }, { service: 'b' }, { service: 'c' }],
      environment: 'dev',
      concurrency: 1,
      failurePolicy: 'continue',
    });
    expect(result.mode).toBe('portfolio');
    expect(result.summary).toEqual({ total: 3, succeeded: 2, failed: 1, rolledBack: 0, skipped: 0 });
  });

  it('runs an enterprise promotion with gradual rollout and its approval', async () => {
    const steps = new FakeDeploymentSteps({ live: { 'api:production': 'p0' } });
    const result = await new UnifiedDeploymentOrchestrator({ steps, clock }).execute({
      services: [{ service: 'api' }],
      environments: ['staging', 'production'],
      capabilities: ['validation', 'tests', 'gradual-rollout', 'rollback'],
      approval: true,
      rollout: { percentages: [25, 100], observeMs: 1000 },
    });
    expect(result.mode).toBe('enterprise');
    expect(result.status).toBe('succeeded');
    expect(steps.calls.filter((c) => c.step === 'set-traffic')).toHaveLength(2);
  });

  it('rejects a request it cannot serve, naming the field', async () => {
    const unified = new UnifiedDeploymentOrchestrator({ steps: new FakeDeploymentSteps(), clock });
    await expect(unified.execute({ services: [{ service: 'api' }] })).rejects.toThrow(
      'environment: expected a non-empty string',
    );
    await expect(
      unified.execute({ mode: 'single', services: [{ service: 'a' }, { service: 'b' }], environment: 'dev' }),
    ).rejects.toThrow('mode "single" deploys exactly one service');
    expect(() => new UnifiedDeploymentOrchestrator({} as never)).toThrow('steps: required');
  });
});

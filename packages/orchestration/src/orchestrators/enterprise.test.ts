import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../base/events.js';
import { ApprovalPolicyFile } from '../enterprise/approval.js';
import { renderAuditReport } from '../enterprise/audit-report.js';
import { MemoryAuditTrail } from '../ports/audit-sink.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import { FakeDeploymentSteps, type FakeStepsOptions } from '../testing/fake-steps.js';
import { ManualClock } from '../testing/manual-clock.js';
import { EnterpriseOrchestrator, type EnterpriseOptions } from './enterprise.js';

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const live = { 'api:dev': 'd0', 'api:staging': 's0', 'api:production': 'p0' };

function setup(stepOptions: FakeStepsOptions = {}, extra: Partial<EnterpriseOptions> = {}) {
  const steps = new FakeDeploymentSteps({ live, ...stepOptions });
  const clock = new ManualClock(START);
  const audit = new MemoryAuditTrail();
  const events: ProgressEvent[] = [];
  const orchestrator = new EnterpriseOrchestrator({
    steps,
    clock,
    audit,
    services: [{ service: 'api' }],
    approval: true,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { steps, clock, audit, events, orchestrator };
}

describe('EnterpriseOrchestrator', () => {
  it('promotes dev → staging → production, rolling production out 10 → 50 → 100 % with checks between', async () => {
    const { steps, clock, orchestrator, audit } = setup();
    const result = await orchestrator.execute();
    expect(result.status).toBe('succeeded');
    expect(steps.deployedOrder()).toEqual(['api:dev', 'api:staging', 'api:production']);
    const production = steps.calls.filter((c) => c.unit === 'api:production' && c.step !== 'validate');
    expect(production.map((c) => c.step)).toEqual([
      'build',
      'read-version',
      'secrets',
      'upload-version',
      'set-traffic',
      'observe',
      'set-traffic',
      'observe',
      'set-traffic',
      'observe',
      'health',
      'tests',
    ]);
    expect(production.filter((c) => c.step === 'set-traffic').map((c) => c.args)).toEqual([
      [
        { versionId: 'v3', percentage: 10 },
        { versionId: 'p0', percentage: 90 },
      ],
      [
        { versionId: 'v3', percentage: 50 },
        { versionId: 'p0', percentage: 50 },
      ],
      [{ versionId: 'v3', percentage: 100 }],
    ]);
    expect(clock.sleeps).toEqual([60_000, 60_000, 60_000]);
    expect(steps.live.get('api:production')).toBe('v3');
    expect(result.report.environments.map((e) => [e.environment, e.state])).toEqual([
      ['dev', 'promoted'],
      ['staging', 'promoted'],
      ['production', 'promoted'],
    ]);
    expect(result.report.approvals).toEqual([{ environment: 'production', approved: true, source: 'flag' }]);
    expect(result.report.rollout.map((r) => r.percentage)).toEqual([10, 50, 100]);
    const recorded = audit.entries.find((e) => e.step === 'audit-report');
    expect(recorded?.details?.report).toMatchObject({
      deploymentId: result.deploymentId,
      status: 'succeeded',
    });
    const markdown = renderAuditReport(result.report);
    expect(markdown).toContain('| production | promoted | api:production | succeeded | v3 | p0 |');
    expect(markdown).toContain('| api:production | 50% | 0.0% | yes |');
  });

  it('deploys a production worker that has no version yet in one step (nothing to split with)', async () => {
    const { steps, orchestrator } = setup({ live: { 'api:dev': 'd0', 'api:staging': 's0' } });
    const result = await orchestrator.execute();
    expect(result.status).toBe('succeeded');
    const production = steps.calls.filter((c) => c.unit === 'api:production').map((c) => c.step);
    expect(production).toContain('deploy');
    expect(production).not.toContain('upload-version');
    expect(production).not.toContain('set-traffic');
    expect(result.report.rollout).toEqual([]);
  });

  it('does not start the next environment when the previous one fails its tests', async () => {
    class StagingTestsFail extends FakeDeploymentSteps {
      override async runTests(unit: DeploymentUnit, url: string | undefined) {
        const outcome = await super.runTests(unit, url);
        return unit.environment === 'staging' ? { passed: false, failures: ['POST /orders: 500'] } : outcome;
      }
    }
    const steps = new StagingTestsFail({ live });
    const orchestrator = new EnterpriseOrchestrator({
      steps,
      services: [{ service: 'api' }],
      approval: true,
      clock: new ManualClock(),
    });
    const result = await orchestrator.execute();
    expect(result.status).toBe('partial');
    expect(steps.calls.some((c) => c.unit === 'api:production' && c.mutating)).toBe(false);
    expect(result.units.map((u) => [u.id, u.state])).toEqual([
      ['api:dev', 'succeeded'],
      ['api:staging', 'failed'],
      ['api:production', 'skipped'],
    ]);
    expect(steps.live.get('api:staging')).toBe('s0');
    expect(result.units[2]?.error).toMatchObject({ code: 'GATE_FAILED' });
    expect(result.errors.map((e) => e.code)).toEqual(['TESTS_FAILED', 'GATE_FAILED']);
    expect(result.report.environments.map((e) => e.state)).toEqual(['promoted', 'failed', 'skipped']);
  });

  it('rolls production back automatically when the new version crosses the error-rate threshold', async () => {
    const { steps, events, orchestrator } = setup({
      errorRate: (unit, _version, percentage) =>
        unit.environment === 'production' && percentage >= 50 ? 0.2 : 0.01,
    });
    const result = await orchestrator.execute();
    expect(result.status).toBe('partial');
    const traffic = steps.calls
      .filter((c) => c.step === 'set-traffic')
      .map((c) => (c.args as { percentage: number }[])[0]?.percentage);
    expect(traffic).toEqual([10, 50]);
    expect(steps.mutatingCalls.at(-1)).toMatchObject({
      step: 'rollback',
      unit: 'api:production',
      args: 'p0',
    });
    expect(steps.live.get('api:production')).toBe('p0');
    expect(steps.traffic.has('api:production')).toBe(false);
    const production = result.units.find((u) => u.id === 'api:production');
    expect(production).toMatchObject({ state: 'failed', error: { code: 'ROLLOUT_THRESHOLD_EXCEEDED' } });
    expect(production?.error?.message).toBe('api:production: error rate 20.0% at 50% traffic (limit 5.0%)');
    expect(
      events.filter((e) => e.type === 'rollout:step').map((e) => (e as { percentage: number }).percentage),
    ).toEqual([10, 50]);
    expect(result.report.compensations).toEqual([
      { description: 'roll back api:production to p0', unit: 'api:production', state: 'succeeded' },
    ]);
  });

  it('refuses production without an approval before changing anything', async () => {
    const { steps, orchestrator } = setup({}, { approval: false });
    const result = await orchestrator.execute();
    expect(result.status).toBe('failed');
    expect(steps.mutatingCalls).toEqual([]);
    expect(result.errors[0]).toMatchObject({ code: 'APPROVAL_REQUIRED' });
    expect(result.errors[0]?.message).toBe(
      'production requires an approval: no approval was given (source: flag)',
    );
  });

  describe('approval policy file', () => {
    let dir: string;
    afterEach(async () => rm(dir, { recursive: true, force: true }));

    it('accepts an unexpired approval and refuses an expired one', async () => {
      dir = await mkdtemp(join(tmpdir(), 'clodo-approval-'));
      const path = join(dir, 'approvals.json');
      const clock = new ManualClock(START);
      await writeFile(
        path,
        JSON.stringify({
          approvals: [
            {
              environment: 'production',
              approvedBy: 'alice',
              expiresAt: new Date(START + 3_600_000).toISOString(),
            },
          ],
        }),
      );
      const gate = new ApprovalPolicyFile(path, { clock });
      const ok = await setup({}, { approval: gate, clock }).orchestrator.execute();
      expect(ok.status).toBe('succeeded');
      expect(ok.report.approvals[0]).toEqual({
        environment: 'production',
        approved: true,
        by: 'alice',
        source: path,
      });
      clock.advance(2 * 3_600_000);
      const late = setup({}, { approval: gate, clock });
      const refused = await late.orchestrator.execute();
      expect(refused.errors[0]?.code).toBe('APPROVAL_REQUIRED');
      expect(late.steps.mutatingCalls).toEqual([]);
      await writeFile(path, '{"approvals": [{"environment": "production"}]}');
      await expect(
        gate.check({ deploymentId: 'x', environment: 'production', services: ['api'] }),
      ).rejects.toThrow('approvals[0].approvedBy: expected a non-empty string');
    });
  });

  it('blocks production on a critical security finding, but only reports one in dev', async () => {
    const prod = setup({
      findings: { 'api:production': [{ severity: 'critical', message: 'CORS allows *' }] },
    });
    const blocked = await prod.orchestrator.execute();
    expect(blocked.status).toBe('failed');
    expect(prod.steps.mutatingCalls).toEqual([]);
    expect(blocked.errors[0]?.message).toContain(
      'api:production: critical finding blocks production: CORS allows *',
    );
    const dev = setup({ findings: { 'api:dev': [{ severity: 'critical', message: 'CORS allows *' }] } });
    const passed = await dev.orchestrator.execute();
    expect(passed.status).toBe('succeeded');
    expect(passed.report.findings).toEqual([
      { unit: 'api:dev', severity: 'critical', message: 'CORS allows *' },
    ]);
  });

  it('refuses to start inside a change freeze, naming the window', async () => {
    const { steps, orchestrator } = setup(
      {},
      {
        freezeWindows: [
          {
            start: new Date(START - 1000),
            end: new Date(START + 86_400_000),
            environments: ['production'],
            reason: 'year-end',
          },
        ],
      },
    );
    const result = await orchestrator.execute();
    expect(result.status).toBe('failed');
    expect(steps.mutatingCalls).toEqual([]);
    expect(result.errors[0]?.message).toBe(
      'production is frozen from 2026-03-10T08:59:59.000Z to 2026-03-11T09:00:00.000Z (year-end)',
    );
  });

  it('stops promoting when a freeze begins during the run, keeping what was promoted', async () => {
    const clock = new ManualClock(START);
    class SlowTests extends FakeDeploymentSteps {
      override async runTests(unit: DeploymentUnit, url: string | undefined) {
        clock.advance(10 * 60_000);
        return super.runTests(unit, url);
      }
    }
    const steps = new SlowTests({ live });
    const result = await new EnterpriseOrchestrator({
      steps,
      clock,
      approval: true,
      services: [{ service: 'api' }],
      freezeWindows: [{ start: new Date(START + 15 * 60_000), end: new Date(START + 60 * 60_000) }],
    }).execute();
    expect(result.units.map((u) => u.state)).toEqual(['succeeded', 'succeeded', 'skipped']);
    expect(result.errors[0]?.code).toBe('CHANGE_FREEZE');
    expect(result.status).toBe('partial');
  });

  it('a dry run makes zero mutating calls and plans the whole promotion', async () => {
    const { steps, audit, orchestrator } = setup({}, { approval: false });
    const result = await orchestrator.execute({ dryRun: true });
    expect(steps.calls).toEqual([]);
    expect(audit.entries).toEqual([]);
    expect(result.plan.filter((c) => c.mutating).map((c) => `${c.unit} ${c.step}`)).toEqual([
      'api:dev build',
      'api:dev secrets',
      'api:dev deploy',
      'api:staging build',
      'api:staging secrets',
      'api:staging deploy',
      'api:production build',
      'api:production secrets',
      'api:production upload-version',
      'api:production set-traffic',
      'api:production set-traffic',
      'api:production set-traffic',
    ]);
  });

  it('rejects bad options naming the field', () => {
    const steps = new FakeDeploymentSteps();
    const make = (extra: Partial<EnterpriseOptions>) =>
      new EnterpriseOrchestrator({ steps, services: [{ service: 'api' }], ...extra });
    expect(() => make({ rollout: { percentages: [10, 50] } })).toThrow(
      'rollout.percentages: the last step must be 100',
    );
    expect(() => make({ rollout: { percentages: [50, 10, 100] } })).toThrow(
      'rollout.percentages[1]: must be above',
    );
    expect(() => make({ freezeWindows: [{ start: '2026-01-02', end: '2026-01-01' }] })).toThrow(
      'freezeWindows[0].end: must be after start',
    );
    expect(() => make({ environments: ['dev', 'dev'] })).toThrow('environments: a name appears twice');
    const { uploadVersion: _u, ...noRollout } = Object.fromEntries(
      Object.entries(Object.getOwnPropertyDescriptors(FakeDeploymentSteps.prototype)).map(([k]) => [
        k,
        () => {},
      ]),
    );
    expect(
      () =>
        new EnterpriseOrchestrator({
          steps: noRollout as never,
          services: [{ service: 'api' }],
          capabilities: ['gradual-rollout'],
        }),
    ).toThrow('capabilities: gradual-rollout needs steps.uploadVersion');
  });
});

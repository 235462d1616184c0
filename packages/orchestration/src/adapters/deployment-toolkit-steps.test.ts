import type { DeploymentToolkit } from '@clodo/deployment';
import { describe, expect, it } from 'vitest';
import { SingleServiceOrchestrator } from '../orchestrators/single-service.js';
import { MemoryAuditTrail } from '../ports/audit-sink.js';
import { MemoryRunStateStore } from '../state/run-state.js';
import { createDeploymentSteps } from './deployment-toolkit-steps.js';

const SECRET = 'sk_live_orchestration_9c1e77a0b5d4';

/** The toolkit's pieces as in-memory doubles recording what the adapter asks of them. */
function toolkitDouble(options: { healthy?: boolean } = {}) {
  const calls: Array<[string, unknown]> = [];
  let live = 'ver-0';
  const record = (name: string, request: unknown) =>
    calls.push([name, JSON.parse(JSON.stringify(request ?? null))]);
  const answer =
    <T>(name: string, value: T) =>
    async (request: unknown): Promise<T> => {
      record(name, request);
      return value;
    };
  const toolkit = {
    target: {
      kind: 'local',
      apiBaseUrl: 'http://127.0.0.1:1/client/v4',
      accountId: 'a'.repeat(32),
      apiToken: 't',
      workerUrl: (n: string) => `http://127.0.0.1:9/${n}`,
    },
    api: {
      listDeployments: async (worker: string) => {
        record('listDeployments', worker);
        return [
          { id: 'd', createdOn: '2026-01-01T00:00:00Z', versions: [{ versionId: live, percentage: 100 }] },
        ];
      },
    },
    validator: { validate: answer('validate', { ok: true, findings: [] }) },
    migrator: {
      ensureDatabase: answer('ensureDatabase', { uuid: 'db', name: 'api-db', created: false }),
      backup: answer('backup', '/backups/api-db.sql'),
      migrate: answer('migrate', { appliedNow: ['0001.sql'], created: false }),
    },
    secrets: {
      sync: answer('sync', { created: ['API_KEY'], rotated: [], unchanged: [], extra: [], uploaded: 1 }),
    },
    deployer: {
      deploy: async (r: unknown) => {
        record('deploy', r);
        live = 'ver-1';
        return { versionId: 'ver-1', url: 'http://127.0.0.1:9/api-prod' };
      },
    },
    health: {
      check: answer('health', {
        healthy: options.healthy ?? true,
        status: options.healthy === false ? 503 : 200,
      }),
    },
    rollback: {
      rollback: async (r: { to?: string }) => {
        record('rollback', r);
        live = r.to ?? live;
      },
    },
  } as unknown as DeploymentToolkit;
  return { toolkit, calls };
}

const resolve = () => ({
  workerName: 'api-prod',
  configPath: 'dist/wrangler.production.json',
  cwd: '/srv/api',
  databaseName: 'api-db',
  secrets: { API_KEY: SECRET },
});

describe('createDeploymentSteps', () => {
  it('drives the toolkit in order, backing up before migrating in production', async () => {
    const { toolkit, calls } = toolkitDouble();
    const tested: string[] = [];
    const steps = createDeploymentSteps({
      toolkit,
      resolve,
      tests: async (_unit, url) => {
        tested.push(url);
        return { passed: true, failures: [], total: 4 };
      },
    });
    const result = await new SingleServiceOrchestrator({
      steps,
      unit: { service: 'api', environment: 'production', hasDatabase: true },
    }).execute({ deploymentId: 'run-42' });
    expect(result.errors).toEqual([]);
    expect(result.status).toBe('succeeded');
    expect(calls.map(([name]) => name)).toEqual([
      'validate',
      'listDeployments',
      'ensureDatabase',
      'backup',
      'migrate',
      'sync',
      'deploy',
      'health',
    ]);
    expect(calls.find(([n]) => n === 'migrate')?.[1]).toMatchObject({
      production: false,
      databaseName: 'api-db',
    });
    expect(calls.find(([n]) => n === 'deploy')?.[1]).toMatchObject({
      context: { deploymentId: 'run-42', service: 'api', environment: 'production' },
      workerName: 'api-prod',
      configPath: 'dist/wrangler.production.json',
    });
    expect(tested).toEqual(['http://127.0.0.1:9/api-prod']);
    expect(result.units[0]).toMatchObject({
      previousVersionId: 'ver-0',
      versionId: 'ver-1',
      backupRef: '/backups/api-db.sql',
    });
  });

  it('rolls back through the RollbackManager and never lets a secret value into audit, state or result', async () => {
    const { toolkit, calls } = toolkitDouble({ healthy: false });
    const audit = new MemoryAuditTrail();
    const store = new MemoryRunStateStore();
    const steps = createDeploymentSteps({ toolkit, resolve });
    const result = await new SingleServiceOrchestrator({
      steps,
      audit,
      stateStore: store,
      unit: { service: 'api', environment: 'production' },
      capabilities: ['validation', 'secrets', 'rollback'],
    }).execute({ deploymentId: 'run-43' });
    expect(result.status).toBe('rolled-back');
    expect(calls.find(([n]) => n === 'rollback')?.[1]).toMatchObject({ workerName: 'api-prod', to: 'ver-0' });
    const everything = JSON.stringify([audit.entries, await store.load('run-43'), result]);
    expect(everything).toContain('API_KEY');
    expect(everything).not.toContain(SECRET);
  });

  it('plans the exact wrangler commands and API calls in a dry run', () => {
    const { toolkit } = toolkitDouble();
    const steps = createDeploymentSteps({ toolkit, resolve });
    const unit = { id: 'api:production', service: 'api', environment: 'production' };
    expect(steps.describe('migrate', unit).map((c) => c.description)).toEqual([
      'GET /accounts/:account/d1/database?name=api-db&per_page=100',
      'POST /accounts/:account/d1/database (only if missing)',
      'POST /accounts/:account/d1/database/<id>/query',
      'wrangler d1 migrations apply api-db --remote --config dist/wrangler.production.json',
      'POST /accounts/:account/d1/database/<id>/query',
    ]);
    expect(steps.describe('secrets', unit).map((c) => c.mutating)).toEqual([false, true, false]);
    expect(JSON.stringify(steps.describe('secrets', unit))).not.toContain(SECRET);
  });

  it('names what is missing', async () => {
    const { toolkit } = toolkitDouble();
    expect(() => createDeploymentSteps({ toolkit } as never)).toThrow('toolkit and resolve: required');
    const steps = createDeploymentSteps({
      toolkit,
      resolve: () => ({ workerName: 'x', configPath: '', cwd: '/' }),
    });
    const unit = { id: 'x:dev', service: 'x', environment: 'dev' };
    await expect(steps.deploy(unit)).rejects.toThrow('x:dev: resolve() gave no configPath');
    const ok = createDeploymentSteps({ toolkit, resolve });
    await expect(ok.runTests(unit, 'http://127.0.0.1:9/')).rejects.toThrow('no smoke tests configured');
    await expect(ok.rollback(unit, undefined)).rejects.toThrow('x:dev had no earlier version to restore');
  });
});

describe('createDeploymentSteps gradual rollout', () => {
  const unit = { id: 'api:production', service: 'api', environment: 'production', deploymentId: 'run-9' };

  function rolloutToolkit(observation: { enough: boolean; errorRate: number }, supported = true) {
    const { toolkit, calls } = toolkitDouble();
    const record = (name: string, request: unknown) =>
      calls.push([name, JSON.parse(JSON.stringify(request ?? null))]);
    Object.assign(toolkit, {
      versions: {
        upload: async (r: unknown) => {
          record('upload', r);
          return { versionId: 'ver-2', url: 'http://127.0.0.1:9/api-prod' };
        },
        split: async (r: unknown) => {
          record('split', r);
          return {};
        },
      },
      traffic: {
        supported,
        baseline: async (worker: string) => {
          record('baseline', worker);
          return { workerName: worker, counts: [{ versionId: 'ver-2', requests: 7, errors: 1 }] };
        },
        observe: async (r: unknown) => {
          record('observe', r);
          return { requests: 40, errors: 0, probesSent: 80, ...observation };
        },
      },
    });
    return { toolkit, calls };
  }

  it('uploads, splits, then judges the version by traffic counted since that split', async () => {
    const { toolkit, calls } = rolloutToolkit({ enough: true, errorRate: 0.025 });
    const steps = createDeploymentSteps({
      toolkit,
      resolve,
      rollout: { probePath: '/ping', minRequests: 30 },
    });
    expect(await steps.uploadVersion?.(unit)).toEqual({
      versionId: 'ver-2',
      url: 'http://127.0.0.1:9/api-prod',
    });
    const split = [
      { versionId: 'ver-2', percentage: 10 },
      { versionId: 'ver-1', percentage: 90 },
    ];
    await steps.setTraffic?.(unit, split);
    expect(await steps.observe?.(unit, 'ver-2')).toEqual({ healthy: true, errorRate: 0.025, requests: 40 });
    expect(calls.map(([n]) => n)).toEqual(['upload', 'split', 'baseline', 'observe', 'health']);
    expect(calls[1]?.[1]).toMatchObject({ workerName: 'api-prod', cwd: '/srv/api', split });
    expect(calls[3]?.[1]).toEqual({
      workerName: 'api-prod',
      versionId: 'ver-2',
      url: 'http://127.0.0.1:9/api-prod',
      since: { workerName: 'api-prod', counts: [{ versionId: 'ver-2', requests: 7, errors: 1 }] },
      probePath: '/ping',
      minRequests: 30,
    });
  });

  it('calls a step with too little traffic to judge unhealthy', async () => {
    const { toolkit } = rolloutToolkit({ enough: false, errorRate: 0 });
    const steps = createDeploymentSteps({ toolkit, resolve });
    expect(await steps.observe?.(unit, 'ver-2')).toMatchObject({ healthy: false });
  });

  it('offers no rollout when the target cannot report per-version traffic', () => {
    const { toolkit } = rolloutToolkit({ enough: true, errorRate: 0 }, false);
    const steps = createDeploymentSteps({ toolkit, resolve });
    expect([steps.uploadVersion, steps.setTraffic, steps.observe]).toEqual([undefined, undefined, undefined]);
    expect(steps.describe('set-traffic', unit)[0]?.description).toMatch(
      /^wrangler versions deploy <new>@<p>%/,
    );
  });
});

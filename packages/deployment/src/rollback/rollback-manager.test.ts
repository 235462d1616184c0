import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../testing/memory-api.js';
import { ScriptedRunner } from '../testing/scripted-runner.js';
import { DeploymentAuditor } from '../audit/auditor.js';
import { MemoryAuditSink } from '../audit/memory-sink.js';
import type { Clock } from '../clock.js';
import { HealthChecker } from '../health/health-checker.js';
import { RollbackManager } from './rollback-manager.js';

const clock: Clock = { now: () => Date.parse('2026-11-24T12:00:00Z'), sleep: async () => {} };
const context = { deploymentId: 'run-9', service: 'api', environment: 'production' };
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function healthServer(status: number): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function setup() {
  const api = new MemoryApi();
  api.deploy('api', 'ver-1', 'dep-1');
  api.deploy('api', 'ver-2', 'dep-2');
  api.deploy('api', 'ver-3', 'dep-3');
  const runner = new ScriptedRunner([
    async (command) => {
      api.deploy('api', command.args[1]!, 'dep-rollback');
      return {};
    },
  ]);
  const sink = new MemoryAuditSink();
  const auditor = new DeploymentAuditor({ sink, redact: (v) => v, clock });
  const health = new HealthChecker({ clock, attempts: 3, initialDelayMs: 1 });
  return { api, runner, sink, auditor, manager: new RollbackManager({ runner, api, health, auditor }) };
}

describe('RollbackManager', () => {
  it('restores the previous version, verifies health, audits, and points at D1 backups', async () => {
    const url = await healthServer(200);
    const ctx = setup();
    await ctx.auditor.record({
      ...context,
      deploymentId: 'run-8',
      step: 'd1.backup',
      outcome: 'succeeded',
      details: { path: '/p/.clodo/backups/api-production-1.sql' },
    });
    expect((await ctx.manager.history('api')).map((h) => [h.deploymentId, h.active])).toEqual([
      ['dep-3', true],
      ['dep-2', false],
      ['dep-1', false],
    ]);
    const result = await ctx.manager.rollback({ context, workerName: 'api', cwd: '/p', url });
    expect(result).toMatchObject({
      workerName: 'api',
      fromVersionId: 'ver-3',
      toVersionId: 'ver-2',
      deploymentId: 'dep-rollback',
      health: { healthy: true, attempts: 1, status: 200 },
      d1Backups: ['/p/.clodo/backups/api-production-1.sql'],
    });
    expect(ctx.runner.commands[0]!.args).toEqual([
      'rollback',
      'ver-2',
      '--name',
      'api',
      '--yes',
      '--message',
      'clodo rollback of run-9',
    ]);
    expect(ctx.sink.records.slice(1).map((r) => [r.seq, r.step, r.outcome])).toEqual([
      [2, 'rollback', 'started'],
      [3, 'rollback', 'succeeded'],
    ]);
    expect(ctx.sink.records[2]!.details).toEqual({
      worker: 'api',
      fromVersionId: 'ver-3',
      toVersionId: 'ver-2',
      cloudflareDeploymentId: 'dep-rollback',
      healthAttempts: 1,
      d1Backups: ['/p/.clodo/backups/api-production-1.sql'],
    });
  });

  it('rolls back to a named version', async () => {
    const url = await healthServer(200);
    const ctx = setup();
    const result = await ctx.manager.rollback({ context, workerName: 'api', cwd: '/p', url, to: 'ver-1' });
    expect(result.toVersionId).toBe('ver-1');
  });

  it('fails the rollback when the health endpoint keeps returning 500, with the attempt count', async () => {
    const url = await healthServer(500);
    const ctx = setup();
    await expect(ctx.manager.rollback({ context, workerName: 'api', cwd: '/p', url })).rejects.toMatchObject({
      code: 'HEALTH_CHECK_FAILED',
      message: `${url}/health is not healthy after 3 attempts (last: HTTP 500)`,
    });
    expect(
      ctx.sink.records.map((r) => [r.step, r.outcome, (r.details.error as { code?: string })?.code]),
    ).toEqual([
      ['rollback', 'started', undefined],
      ['rollback', 'failed', 'HEALTH_CHECK_FAILED'],
    ]);
  });

  it('refuses when there is nothing to roll back to', async () => {
    const ctx = setup();
    await expect(
      ctx.manager.rollback({ context, workerName: 'unknown', cwd: '/p', url: 'http://127.0.0.1:9' }),
    ).rejects.toMatchObject({
      code: 'ROLLBACK_UNAVAILABLE',
      message: 'unknown has no deployment to roll back',
    });
  });
});

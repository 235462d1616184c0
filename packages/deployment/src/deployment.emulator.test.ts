import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from './audit/record.js';
import { readWranglerConfig } from './wrangler-config/wrangler-config-file.js';
import type { CommandRunner, WranglerCommand, WranglerResult } from './runner/command-runner.js';
import { WranglerRunner } from './runner/wrangler-runner.js';
import { type LocalTarget, startLocalTarget } from './targets/local-target.js';
import { createDeploymentToolkit, type DeploymentToolkit } from './toolkit.js';

// End to end with the real wrangler 4.164.0 against @clodo/emulator on loopback: validate, migrate,
// sync secrets, deploy, health-check, deploy a broken release, roll back. Every command, captured
// output and audit line is checked for the secret values afterwards.
const API_KEY = 'ak_live_e2e_7f3c9a1b2d4e6f8091a2b3c4';
const ROTATED_KEY = 'ak_live_e2e_rotated_55aa66bb77cc88dd';
const fixture = fileURLToPath(new URL('./__fixtures__/notes-service', import.meta.url));

/** Records every command and everything wrangler printed, for the no-leak check. */
class RecordingRunner implements CommandRunner {
  readonly seen: Array<{ command: WranglerCommand; result?: WranglerResult; error?: string }> = [];
  constructor(readonly inner: CommandRunner) {}
  async run(command: WranglerCommand): Promise<WranglerResult> {
    try {
      const result = await this.inner.run(command);
      this.seen.push({ command, result });
      return result;
    } catch (error) {
      this.seen.push({
        command,
        error: JSON.stringify({ message: (error as Error).message, ...(error as object) }),
      });
      throw error;
    }
  }
}

let root: string;
let service: string;
let target: LocalTarget;
let recorder: RecordingRunner;
let kit: DeploymentToolkit;
const context = { deploymentId: 'run-e2e-1', service: 'notes', environment: 'staging' };
const workerName = 'notes-staging';
const databaseName = 'notes-staging-db';

async function writeConfig(release: string, health: 'ok' | 'fail') {
  const path = join(service, 'wrangler.staging.json');
  const previous = await readWranglerConfig(path).catch(() => undefined);
  await writeFile(
    path,
    JSON.stringify({
      name: workerName,
      main: 'src/index.js',
      compatibility_date: '2025-01-01',
      workers_dev: true,
      vars: { RELEASE: release, HEALTH: health },
      d1_databases: [
        {
          binding: 'DB',
          database_name: databaseName,
          ...(previous?.d1_databases?.[0]?.database_id
            ? { database_id: previous.d1_databases[0].database_id }
            : {}),
        },
      ],
    }),
  );
  return path;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'clodo-e2e-'));
  service = join(root, 'services', 'notes');
  await cp(fixture, service, { recursive: true });
  target = await startLocalTarget({ stateDir: join(root, '.clodo', 'emulator') });
  recorder = new RecordingRunner(
    new WranglerRunner({ target, homeDir: join(root, '.clodo', 'wrangler'), timeoutMs: 60_000 }),
  );
  kit = createDeploymentToolkit({
    target,
    projectRoot: root,
    runner: recorder,
    health: { attempts: 3, initialDelayMs: 100 },
  });
}, 60_000);

afterAll(async () => {
  await target?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('deployment against the emulator with the real wrangler', () => {
  let firstVersion: string;
  let url: string;

  it('validates, migrates, syncs secrets, deploys and passes the health check', async () => {
    const configPath = await writeConfig('1', 'ok');
    const lock = await kit.lock.acquire({ ...context, owner: 'e2e' });
    try {
      // The dry-run bundle build has its own real-wrangler test; here the other checks run.
      const report = await kit.validator.validate({
        context,
        target,
        configPath,
        cwd: service,
        checkBundle: false,
      });
      expect(report.findings).toEqual([]);
      expect(report.ok).toBe(true);

      const migration = await kit.migrator.migrate({ context, databaseName, configPath, cwd: service });
      expect(migration).toMatchObject({
        created: true,
        appliedNow: ['0001_notes.sql', '0002_more_notes.sql'],
        pending: [],
      });
      expect((await readWranglerConfig(configPath)).d1_databases?.[0]?.database_id).toBe(
        migration.databaseId,
      );

      const secrets = await kit.secrets.sync({
        context,
        workerName,
        cwd: service,
        configPath,
        required: { API_KEY },
      });
      expect(secrets).toMatchObject({ created: ['API_KEY'], rotated: [], uploaded: 1 });
      expect(await kit.api.listSecretNames(workerName)).toEqual(['API_KEY']);

      const deployed = await kit.deployer.deploy({ context, workerName, configPath, cwd: service });
      expect(deployed.versionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(deployed.deploymentId).toMatch(/\S/);
      expect(deployed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(deployed.bundleSize?.rawBytes).toBeGreaterThan(100);
      const deployments = await kit.api.listDeployments(workerName);
      expect(deployments[0]).toMatchObject({
        id: deployed.deploymentId,
        versions: [{ versionId: deployed.versionId, percentage: 100 }],
      });
      firstVersion = deployed.versionId;
      url = deployed.url!;

      const health = await kit.health.check(url);
      expect(health).toMatchObject({
        healthy: true,
        attempts: 1,
        status: 200,
        body: { notes: 2, release: '1' },
      });
    } finally {
      await lock.release();
    }
  }, 120_000);

  it('finds the database again, applies nothing, and uploads only a rotated secret', async () => {
    const configPath = await writeConfig('1', 'ok');
    const again = await kit.migrator.migrate({ context, databaseName, configPath, cwd: service });
    expect(again).toMatchObject({ created: false, appliedNow: [], pending: [] });
    const secrets = await kit.secrets.sync({
      context,
      workerName,
      cwd: service,
      configPath,
      required: { API_KEY: ROTATED_KEY },
      rotated: ['API_KEY'],
    });
    expect(secrets).toMatchObject({ created: [], rotated: ['API_KEY'], unchanged: [], uploaded: 1 });
  }, 60_000);

  it('catches a release whose /health returns 500 and rolls back to the previous version', async () => {
    // Rotating the secret made a new version of release 1; that is what serves now and what comes back.
    const serving = (await kit.api.listDeployments(workerName))[0]!.versions[0]!.versionId;
    expect(serving).not.toBe(firstVersion);
    const configPath = await writeConfig('2', 'fail');
    const broken = await kit.deployer.deploy({ context, workerName, configPath, cwd: service });
    expect(broken.versionId).not.toBe(serving);
    const failing = await kit.health.check(url);
    expect(failing).toMatchObject({ healthy: false, attempts: 3, status: 500, body: { status: 'down' } });

    const history = await kit.rollback.history(workerName);
    expect(history[0]).toMatchObject({
      active: true,
      versions: [{ versionId: broken.versionId, percentage: 100 }],
    });

    const rolledBack = await kit.rollback.rollback({
      context,
      workerName,
      cwd: service,
      url,
      reason: 'health 500',
    });
    expect(rolledBack).toMatchObject({
      fromVersionId: broken.versionId,
      toVersionId: serving,
      health: { healthy: true, status: 200, body: { release: '1' } },
    });
    const now = await kit.api.listDeployments(workerName);
    expect(now[0]).toMatchObject({
      id: rolledBack.deploymentId,
      versions: [{ versionId: serving, percentage: 100 }],
    });
  }, 120_000);

  it('exports a backup before a production migration and records where it is', async () => {
    const prod = { deploymentId: 'run-e2e-prod', service: 'notes', environment: 'production' };
    const prodService = join(root, 'services', 'notes-prod');
    await cp(fixture, prodService, { recursive: true });
    await rm(join(prodService, 'migrations', '0001_notes.sql'));
    const configPath = join(prodService, 'wrangler.json');
    await writeFile(
      configPath,
      JSON.stringify({
        name: 'notes',
        main: 'src/index.js',
        compatibility_date: '2025-01-01',
        d1_databases: [{ binding: 'DB', database_name: 'notes' }],
      }),
    );
    // A production database that already holds data (0001 applied earlier, recorded as wrangler does).
    const db = await kit.api.createD1Database('notes');
    await kit.api.queryD1(db.uuid, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    await kit.api.queryD1(db.uuid, "INSERT INTO notes (body) VALUES ('first')");
    const migrated = await kit.migrator.migrate({
      context: prod,
      databaseName: 'notes',
      configPath,
      cwd: prodService,
    });
    expect(migrated).toMatchObject({ created: false, appliedNow: ['0002_more_notes.sql'], pending: [] });
    expect(migrated.backupPath).toMatch(/\.clodo\/backups\/notes-.*\.sql$/);
    // The backup is the state before 0002: the table and its first row only.
    const dump = await readFile(migrated.backupPath!, 'utf8');
    expect(dump).toMatch(/CREATE TABLE .?notes/i);
    expect(dump).toContain('first');
    expect(dump).not.toContain('second');
    const backups = await kit.auditor.query({
      deploymentId: prod.deploymentId,
      step: 'd1.backup',
      outcome: 'succeeded',
    });
    expect(backups.map((r) => r.details.path)).toEqual([migrated.backupPath]);
    const rows = await kit.api.queryD1(db.uuid, 'SELECT body FROM notes ORDER BY id');
    expect(rows.map((r) => r.body)).toEqual(['first', 'second']);
  }, 120_000);

  it('kept an ordered audit trail and leaked no secret anywhere', async () => {
    const records: AuditRecord[] = await kit.auditor.query({ deploymentId: context.deploymentId });
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records.map((r) => `${r.step}:${r.outcome}`)).toEqual([
      'd1.ensure:started',
      'd1.ensure:succeeded',
      'd1.migrate:started',
      'd1.migrate:succeeded',
      'secrets:started',
      'secrets:succeeded',
      'deploy:started',
      'deploy:succeeded',
      'd1.ensure:started',
      'd1.ensure:succeeded',
      'secrets:started',
      'secrets:succeeded',
      'deploy:started',
      'deploy:succeeded',
      'rollback:started',
      'rollback:succeeded',
    ]);
    const auditDir = join(root, '.clodo', 'audit');
    const auditText = (
      await Promise.all(
        (
          await readdir(auditDir)
        )
          .filter((f) => f.endsWith('.jsonl'))
          .map((f) => readFile(join(auditDir, f), 'utf8')),
      )
    ).join('');
    const argv = JSON.stringify(recorder.seen.map((s) => s.command.args));
    const captured = JSON.stringify(
      recorder.seen.map((s) => [s.result?.stdout, s.result?.stderr, s.result?.outputs, s.error]),
    );
    expect(recorder.seen.some((s) => s.command.stdin?.includes(API_KEY))).toBe(true);
    for (const secret of [API_KEY, ROTATED_KEY, target.apiToken]) {
      expect(argv).not.toContain(secret);
      expect(captured).not.toContain(secret);
      expect(auditText).not.toContain(secret);
    }
  });
});

describe('gradual rollout against the emulator with the real wrangler', () => {
  const rollout = { deploymentId: 'run-e2e-rollout', service: 'notes', environment: 'staging' };

  it('uploads a failing version without traffic, splits 20/80, sees its errors, and restores 100 %', async () => {
    const [before] = await kit.api.listDeployments(workerName);
    const stable = before!.versions[0]!.versionId;
    const url = target.workerUrl(workerName)!;
    const configPath = await writeConfig('3', 'fail');
    const uploaded = await kit.versions.upload({ context: rollout, workerName, configPath, cwd: service });
    expect(uploaded.versionId).not.toBe(stable);
    expect((await kit.api.listDeployments(workerName))[0]).toEqual(before);

    const split = [
      { versionId: uploaded.versionId, percentage: 20 },
      { versionId: stable, percentage: 80 },
    ];
    const step = await kit.versions.split({ context: rollout, workerName, cwd: service, configPath, split });
    expect((await kit.api.listDeployments(workerName))[0]).toMatchObject({
      id: step.deploymentId,
      versions: expect.arrayContaining(split),
    });
    const since = await kit.traffic.baseline(workerName);
    const fresh = await kit.traffic.observe({
      workerName,
      versionId: uploaded.versionId,
      url,
      probePath: '/health',
      minRequests: 10,
      since,
    });
    // Only the new version fails /health, and the split sent it roughly a fifth of the probes.
    expect(fresh).toMatchObject({ errorRate: 1, enough: true });
    expect(fresh.requests).toBeLessThan(fresh.probesSent * 0.5);
    const old = await kit.traffic.observe({ workerName, versionId: stable, url, since, maxProbes: 0 });
    expect(old).toMatchObject({ errors: 0, errorRate: 0 });
    expect(old.requests).toBe(fresh.probesSent - fresh.requests);

    await kit.versions.split({
      context: rollout,
      workerName,
      cwd: service,
      configPath,
      split: [{ versionId: stable, percentage: 100 }],
    });
    expect(await kit.health.check(url)).toMatchObject({ healthy: true, body: { release: '1' } });
    const records = await kit.auditor.query({ deploymentId: rollout.deploymentId });
    expect(records.map((r) => `${r.step}:${r.outcome}`)).toEqual([
      'version.upload:started',
      'version.upload:succeeded',
      'version.split:started',
      'version.split:succeeded',
      'version.split:started',
      'version.split:succeeded',
    ]);
  }, 120_000);
});

import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDACTED, Redactor } from '@clodo/security';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { DeploymentAuditor } from './auditor.js';
import { MemoryAuditSink } from './memory-sink.js';

const SECRET = 'whsec_audit_test_secret_value_1234';
const redact = (value: unknown) => JSON.parse(JSON.stringify(value).split(SECRET).join('[REDACTED]'));

let root: string;
let now = Date.parse('2026-11-24T10:00:00.000Z');
const clock: Clock = { now: () => now, sleep: async () => {} };
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clodo-audit-'));
  now = Date.parse('2026-11-24T10:00:00.000Z');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const base = { deploymentId: 'dep-1', service: 'api', environment: 'staging' };

describe('DeploymentAuditor', () => {
  it('writes one durable JSON line per record with strictly increasing seq', async () => {
    const auditor = DeploymentAuditor.forProject(root, { redact, clock });
    const first = await auditor.record({ ...base, step: 'validate', outcome: 'started' });
    // Durable before record() resolves: the line is already in the file.
    const file = join(root, '.clodo', 'audit', '2026-11-24.jsonl');
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
    now += 1000;
    const second = await auditor.record({
      ...base,
      step: 'validate',
      outcome: 'succeeded',
      details: { findings: 0 },
    });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[1]).toEqual({
      seq: 2,
      time: '2026-11-24T10:00:01.000Z',
      deploymentId: 'dep-1',
      service: 'api',
      environment: 'staging',
      step: 'validate',
      outcome: 'succeeded',
      details: { findings: 0 },
    });
  });

  it('keeps seq increasing across writers, days and a torn last line', async () => {
    const a = DeploymentAuditor.forProject(root, { redact, clock });
    const b = DeploymentAuditor.forProject(root, { redact, clock });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).record({ ...base, step: `s${i}`, outcome: 'started' }),
      ),
    );
    await appendFile(join(root, '.clodo', 'audit', '2026-11-24.jsonl'), '{"seq":11,"ti');
    now = Date.parse('2026-11-25T00:00:01.000Z');
    const next = await a.record({ ...base, step: 'deploy', outcome: 'started' });
    expect(next.seq).toBe(11);
    const all = await a.query();
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await readdir(join(root, '.clodo', 'audit'))).filter((f) => f.endsWith('.jsonl')).sort()).toEqual(
      ['2026-11-24.jsonl', '2026-11-25.jsonl'],
    );
  });

  it('passes details through redact() before writing', async () => {
    const redactor = new Redactor({ secrets: [SECRET] });
    const auditor = DeploymentAuditor.forProject(root, { redact: (v) => redactor.redact(v), clock });
    await auditor.record({
      ...base,
      step: 'secrets',
      outcome: 'succeeded',
      details: { note: `value ${SECRET}` },
    });
    // The default redaction still masks secret-named fields and bearer tokens nobody registered.
    const plain = DeploymentAuditor.forProject(root, { clock });
    await plain.record({
      ...base,
      step: 'deploy',
      outcome: 'failed',
      details: { apiToken: 'unregistered-token-1', header: 'Authorization: Bearer abcdefghijklmnop' },
    });
    const text = await readFile(join(root, '.clodo', 'audit', '2026-11-24.jsonl'), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('unregistered-token-1');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).toContain(`"note":"value ${REDACTED}"`);
  });

  it('audits a step: started then failed with the error code, and rethrows', async () => {
    const sink = new MemoryAuditSink();
    const auditor = new DeploymentAuditor({ sink, redact, clock });
    const boom = new DeploymentError(DEPLOYMENT_ERRORS.WRANGLER_FAILED, 'wrangler deploy failed: nope', {
      exitCode: 1,
      stderr: 'noise',
    });
    await expect(
      auditor.step({ ...base, step: 'deploy' }, async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(sink.records.map((r) => [r.seq, r.step, r.outcome, r.details])).toEqual([
      [1, 'deploy', 'started', {}],
      [
        2,
        'deploy',
        'failed',
        { error: { code: 'WRANGLER_FAILED', message: 'wrangler deploy failed: nope', exitCode: 1 } },
      ],
    ]);
  });

  it('queries by deployment, service and time range, and exports JSON and CSV', async () => {
    const auditor = new DeploymentAuditor({ sink: new MemoryAuditSink(), redact, clock });
    await auditor.record({ ...base, step: 'deploy', outcome: 'started' });
    now += 60_000;
    await auditor.record({
      ...base,
      deploymentId: 'dep-2',
      service: 'web',
      step: 'deploy',
      outcome: 'started',
    });
    now += 60_000;
    await auditor.record({
      ...base,
      step: 'deploy',
      outcome: 'succeeded',
      details: { url: 'http://x, "y"' },
    });
    expect((await auditor.query({ deploymentId: 'dep-1' })).map((r) => r.seq)).toEqual([1, 3]);
    expect((await auditor.query({ service: 'web' })).map((r) => r.seq)).toEqual([2]);
    expect(
      (
        await auditor.query({ from: '2026-11-24T10:01:00.000Z', to: new Date('2026-11-24T10:02:00.000Z') })
      ).map((r) => r.seq),
    ).toEqual([2]);
    expect(JSON.parse(await auditor.export('json', { service: 'web' }))).toHaveLength(1);
    const csv = await auditor.export('csv', { deploymentId: 'dep-1' });
    expect(csv.split('\r\n')).toEqual([
      'seq,time,deploymentId,service,environment,step,outcome,details',
      '1,2026-11-24T10:00:00.000Z,dep-1,api,staging,deploy,started,{}',
      '3,2026-11-24T10:02:00.000Z,dep-1,api,staging,deploy,succeeded,"{""url"":""http://x, \\""y\\""""}"',
      '',
    ]);
  });

  it('names the bad field', async () => {
    const auditor = new DeploymentAuditor({ sink: new MemoryAuditSink(), redact, clock });
    await expect(auditor.record({ ...base, service: '', step: 'x', outcome: 'started' })).rejects.toThrow(
      'entry.service: expected a non-empty string',
    );
    await expect(auditor.query({ from: 'yesterday' })).rejects.toThrow(
      'query.from: expected a date or ISO time',
    );
    await expect(auditor.export('xml' as 'json')).rejects.toThrow(
      'format: expected "json" or "csv", got "xml"',
    );
  });
});

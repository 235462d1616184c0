import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryApi } from '../testing/memory-api.js';
import { ScriptedRunner } from '../testing/scripted-runner.js';
import { DeploymentAuditor } from '../audit/auditor.js';
import { SecretsSync } from './secrets-sync.js';

const DB_PASSWORD = 'pw_9f8e7d6c5b4a39281726354';
const API_KEY = 'key_0a1b2c3d4e5f6a7b8c9d';
const JWT = 'jwt_rotated_value_1234567890';
const context = { deploymentId: 'run-1', service: 'api', environment: 'staging' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clodo-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SecretsSync', () => {
  it('uploads missing and rotated secrets on stdin only, with honest counts', async () => {
    const api = new MemoryApi();
    api.secrets.set('api-staging', new Set(['API_KEY', 'JWT_SECRET', 'LEGACY']));
    const runner = new ScriptedRunner([
      async (command) => {
        for (const name of Object.keys(JSON.parse(command.stdin!))) api.secrets.get('api-staging')!.add(name);
        return { stdout: '✨ Successfully created secret for key: DB_PASSWORD\n' };
      },
    ]);
    const auditor = DeploymentAuditor.forProject(dir, { redact: (v) => v });
    const sync = new SecretsSync({ runner, api, auditor });
    const result = await sync.sync({
      context,
      workerName: 'api-staging',
      cwd: dir,
      required: { DB_PASSWORD, API_KEY, JWT_SECRET: JWT },
      rotated: ['JWT_SECRET'],
    });
    expect(result).toEqual({
      created: ['DB_PASSWORD'],
      rotated: ['JWT_SECRET'],
      unchanged: ['API_KEY'],
      extra: ['LEGACY'],
      uploaded: 2,
    });
    expect(runner.commands).toHaveLength(1);
    const command = runner.commands[0]!;
    expect(command.args).toEqual(['secret', 'bulk', '--name', 'api-staging']);
    expect(JSON.parse(command.stdin!)).toEqual({ DB_PASSWORD, JWT_SECRET: JWT });
    expect(command.sensitive).toEqual([DB_PASSWORD, JWT]);
    const auditText = (
      await Promise.all(
        (
          await readdir(join(dir, '.clodo', 'audit'))
        )
          .filter((f) => f.endsWith('.jsonl'))
          .map((f) => readFile(join(dir, '.clodo', 'audit', f), 'utf8')),
      )
    ).join('');
    for (const secret of [DB_PASSWORD, API_KEY, JWT]) {
      expect(JSON.stringify(command.args)).not.toContain(secret);
      expect(auditText).not.toContain(secret);
    }
    expect(auditText).toContain('"uploaded":2');
  });

  it('runs no wrangler when nothing is missing or rotated', async () => {
    const api = new MemoryApi();
    api.secrets.set('api-staging', new Set(['API_KEY']));
    const runner = new ScriptedRunner([]);
    const result = await new SecretsSync({ runner, api }).sync({
      context,
      workerName: 'api-staging',
      cwd: dir,
      required: { API_KEY },
    });
    expect(result.uploaded).toBe(0);
    expect(runner.commands).toHaveLength(0);
  });

  it('fails when wrangler claims success but a secret is still missing', async () => {
    const api = new MemoryApi();
    const runner = new ScriptedRunner([{}]);
    await expect(
      new SecretsSync({ runner, api }).sync({
        context,
        workerName: 'api-staging',
        cwd: dir,
        required: { API_KEY },
      }),
    ).rejects.toMatchObject({
      code: 'WRANGLER_FAILED',
      message: 'wrangler secret bulk finished but api-staging still lacks API_KEY',
    });
  });

  it('names bad input without echoing values', async () => {
    const sync = new SecretsSync({ runner: new ScriptedRunner([]), api: new MemoryApi() });
    const base = { context, workerName: 'api-staging', cwd: dir };
    await expect(sync.sync({ ...base, required: { 'BAD-NAME': API_KEY } })).rejects.toThrow(
      'request.required.BAD-NAME: not a valid secret name',
    );
    await expect(sync.sync({ ...base, required: { API_KEY }, rotated: ['OTHER'] })).rejects.toThrow(
      'request.rotated: "OTHER" is not one of the required secrets',
    );
  });
});

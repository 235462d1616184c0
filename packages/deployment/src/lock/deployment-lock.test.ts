import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentLock } from './deployment-lock.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'clodo-lock-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const request = { service: 'api', environment: 'production', owner: 'alice', deploymentId: 'dep-1' };

describe('DeploymentLock', () => {
  it('refuses a second deployment of the same service and environment, naming the holder', async () => {
    const first = DeploymentLock.forProject(root, { pid: process.pid });
    const second = DeploymentLock.forProject(root, { pid: process.pid + 1 });
    const handle = await first.acquire(request);
    await expect(second.acquire({ ...request, owner: 'bob', deploymentId: 'dep-2' })).rejects.toMatchObject({
      code: 'LOCK_HELD',
      message: expect.stringMatching(
        new RegExp(
          `^api \\(production\\) is being deployed by alice \\(deployment dep-1, pid ${process.pid} on `,
        ),
      ),
    });
    // Other environments and services are independent.
    const other = await second.acquire({ ...request, environment: 'staging' });
    await other.release();
    await handle.release();
    const again = await second.acquire({ ...request, owner: 'bob' });
    expect(again.holder.owner).toBe('bob');
    await again.release();
    expect(await first.holder('api', 'production')).toBeUndefined();
  });

  it('recovers a lock whose process is gone', async () => {
    const lock = DeploymentLock.forProject(root);
    await mkdir(join(root, '.clodo', 'locks'), { recursive: true });
    await writeFile(
      join(root, '.clodo', 'locks', 'api--production.lock'),
      JSON.stringify({
        pid: 999_999_999,
        host: hostname(),
        owner: 'ghost',
        deploymentId: 'old',
        acquiredAt: 'x',
      }),
    );
    const handle = await lock.acquire(request);
    expect(handle.holder).toMatchObject({ owner: 'alice', pid: process.pid });
    expect(await lock.holder('api', 'production')).toMatchObject({ owner: 'alice' });
    await handle.release();
  });

  it('does not take over a live holder on another host', async () => {
    const remote = DeploymentLock.forProject(root, { host: 'ci-runner-7', pid: 1 });
    await remote.acquire({ ...request, owner: 'ci' });
    const local = DeploymentLock.forProject(root, { isAlive: () => false });
    await expect(local.acquire(request)).rejects.toThrow(/being deployed by ci .* on ci-runner-7/);
  });

  it('names a bad argument', async () => {
    await expect(DeploymentLock.forProject(root).acquire({ ...request, service: '../x' })).rejects.toThrow(
      'service: expected a name like "api"',
    );
  });
});

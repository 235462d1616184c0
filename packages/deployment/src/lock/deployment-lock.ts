import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Clock, systemClock } from '../clock.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';

/** Who holds a deployment lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Free text naming the holder: a user, a CI job, an orchestrator run. */
  owner: string;
  deploymentId: string;
  acquiredAt: string;
}

export interface LockHandle {
  readonly service: string;
  readonly environment: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** Whether a process still exists on this host; a side effect kept behind an interface for tests. */
export type ProcessProbe = (pid: number) => boolean;

export const processIsAlive: ProcessProbe = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface DeploymentLockOptions {
  /** Where lock files live, usually `<projectRoot>/.clodo/locks`. */
  dir: string;
  clock?: Clock;
  isAlive?: ProcessProbe;
  pid?: number;
  host?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * One deployment per service × environment at a time, across processes on this machine. A second
 * acquirer is refused with the holder named; a lock left by a process that no longer exists (same
 * host) is taken over.
 */
export class DeploymentLock {
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #isAlive: ProcessProbe;
  readonly #pid: number;
  readonly #host: string;

  constructor(options: DeploymentLockOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '') {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'dir: expected the lock directory path');
    }
    this.#dir = options.dir;
    this.#clock = options.clock ?? systemClock;
    this.#isAlive = options.isAlive ?? processIsAlive;
    this.#pid = options.pid ?? process.pid;
    this.#host = options.host ?? hostname();
  }

  static forProject(projectRoot: string, options: Omit<DeploymentLockOptions, 'dir'> = {}): DeploymentLock {
    return new DeploymentLock({ ...options, dir: join(projectRoot, '.clodo', 'locks') });
  }

  async acquire(request: {
    service: string;
    environment: string;
    owner: string;
    deploymentId: string;
  }): Promise<LockHandle> {
    for (const field of ['service', 'environment'] as const) {
      if (typeof request?.[field] !== 'string' || !NAME.test(request[field])) {
        throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, `${field}: expected a name like "api"`);
      }
    }
    const path = join(this.#dir, `${request.service}--${request.environment}.lock`);
    const holder: LockHolder = {
      pid: this.#pid,
      host: this.#host,
      owner: request.owner,
      deploymentId: request.deploymentId,
      acquiredAt: new Date(this.#clock.now()).toISOString(),
    };
    await mkdir(this.#dir, { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.#create(path, holder)) {
        return {
          service: request.service,
          environment: request.environment,
          holder,
          release: () => this.#release(path, holder),
        };
      }
      const current = await readHolder(path);
      if (current === undefined) continue;
      if (current.host === this.#host && !this.#isAlive(current.pid)) {
        // Stale: move it aside atomically so only one recoverer wins, then try again.
        await rename(path, `${path}.stale-${this.#pid}`).catch(() => undefined);
        await rm(`${path}.stale-${this.#pid}`, { force: true });
        continue;
      }
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.LOCK_HELD,
        `${request.service} (${request.environment}) is being deployed by ${current.owner} ` +
          `(deployment ${current.deploymentId}, pid ${current.pid} on ${current.host}, since ${current.acquiredAt})`,
        { holder: current },
      );
    }
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.LOCK_HELD,
      `${request.service} (${request.environment}): the lock kept changing hands; try again`,
    );
  }

  /** The current holder, if any (a stale holder is still reported). */
  async holder(service: string, environment: string): Promise<LockHolder | undefined> {
    return readHolder(join(this.#dir, `${service}--${environment}.lock`));
  }

  async #create(path: string, holder: LockHolder): Promise<boolean> {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(holder));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async #release(path: string, holder: LockHolder): Promise<void> {
    const current = await readHolder(path);
    if (current && current.pid === holder.pid && current.acquiredAt === holder.acquiredAt) {
      await rm(path, { force: true });
    }
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // A half-written lock (writer died between create and write) belongs to nobody alive.
    return { pid: -1, host: hostname(), owner: 'unknown', deploymentId: 'unknown', acquiredAt: 'unknown' };
  }
}

/**
 * One deployment per service × environment at a time. `DeploymentLock` from @clodo/deployment
 * satisfies this (a second holder gets `LOCK_HELD`; a lock left by a dead process is recovered).
 */
export interface DeploymentLockPort {
  acquire(request: {
    service: string;
    environment: string;
    owner: string;
    deploymentId: string;
  }): Promise<{ release(): Promise<void> }>;
}

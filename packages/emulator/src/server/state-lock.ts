import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EMULATOR_ERRORS, EmulatorError } from '../errors.js';

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take `<stateDir>/emulator.lock` (created exclusively, holding our pid). A lock whose process is
 * gone is stale and taken over. Returns the release function.
 */
export async function acquireStateLock(stateDir: string): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true });
  const file = join(stateDir, 'emulator.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
      throw new EmulatorError(
        EMULATOR_ERRORS.STATE_DIR_LOCKED,
        `state directory ${stateDir} is in use by another emulator (pid ${holder})`,
      );
    }
    await rm(file, { force: true });
  }
  throw new EmulatorError(EMULATOR_ERRORS.STATE_DIR_LOCKED, `could not lock state directory ${stateDir}`);
}

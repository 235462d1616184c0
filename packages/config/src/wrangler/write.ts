import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WranglerConfig } from './wrangler-json.js';

/**
 * Writes a wrangler.json atomically: to a temporary file beside the target, then renamed over it,
 * so a reader sees the old file or the new one, never half of one.
 */
export async function writeWranglerConfig(file: string, wranglerConfig: WranglerConfig): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(wranglerConfig, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

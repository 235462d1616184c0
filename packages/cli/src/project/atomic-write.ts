import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temporary path beside `file` (same directory, so the final rename is atomic). */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.clodo-tmp`);
}

/**
 * Writes several files so that none is half-written: every new text goes to a temporary file first, and
 * only when all of them are on disk are they renamed into place. A failure before that leaves nothing.
 */
export function writeFilesAtomically(files: readonly { path: string; text: string }[]): void {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      const temp = tempPathFor(file.path);
      writeFileSync(temp, file.text, { flag: 'wx' });
      staged.push({ temp, path: file.path });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw error;
  }
  for (const s of staged) renameSync(s.temp, s.path);
}

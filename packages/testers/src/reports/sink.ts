import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TESTER_ERRORS, TesterError } from '../errors.js';

/** Where reports go. The default writes files atomically; tests or hosts may collect them instead. */
export interface ReportSink {
  write(path: string, content: string): Promise<void>;
}

/** Writes each report to a temp file beside it and renames it into place, so no half-written report exists. */
export const fileReportSink: ReportSink = {
  async write(path, content) {
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, content, 'utf8');
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
      throw new TesterError(TESTER_ERRORS.REPORT_WRITE_FAILED, `cannot write report ${path} (${reason})`);
    }
  },
};

import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { AuditRecord, AuditSink } from './record.js';

const FILE = /^\d{4}-\d{2}-\d{2}\.jsonl$/;
const TAIL_BYTES = 64 * 1024;
const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

/**
 * Append-only JSON lines under a directory (`.clodo/audit/`), one file per UTC day. Each append
 * takes a short directory lock so `seq` stays strictly increasing across processes, and is fsynced
 * before it resolves.
 */
export class JsonlAuditSink implements AuditSink {
  readonly dir: string;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    if (typeof dir !== 'string' || dir === '') {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'dir: expected the audit directory path');
    }
    this.dir = dir;
  }

  append(record: Omit<AuditRecord, 'seq'>): Promise<AuditRecord> {
    const next = this.#chain.then(() => this.#appendLocked(record));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async readAll(): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    for (const file of await this.#files()) {
      const text = await readFile(join(this.dir, file), 'utf8');
      for (const line of text.split('\n')) {
        const record = parseLine(line);
        if (record) records.push(record);
      }
    }
    return records.sort((a, b) => a.seq - b.seq);
  }

  async #appendLocked(record: Omit<AuditRecord, 'seq'>): Promise<AuditRecord> {
    await mkdir(this.dir, { recursive: true });
    const release = await acquireDirLock(join(this.dir, '.append.lock'));
    try {
      const full: AuditRecord = { seq: (await this.#lastSeq()) + 1, ...record };
      const file = join(this.dir, `${record.time.slice(0, 10)}.jsonl`);
      const handle = await open(file, 'a');
      try {
        // A torn last line from a crashed writer must not swallow this record.
        const size = (await handle.stat()).size;
        const prefix = size > 0 && !(await endsWithNewline(file, size)) ? '\n' : '';
        await handle.appendFile(`${prefix}${JSON.stringify(full)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      return full;
    } catch (error) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.AUDIT_WRITE_FAILED,
        `could not write the audit log in ${this.dir}: ${(error as Error).message}`,
      );
    } finally {
      await release();
    }
  }

  async #files(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => FILE.test(name)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async #lastSeq(): Promise<number> {
    const files = await this.#files();
    for (let index = files.length - 1; index >= 0; index--) {
      const seq = await lastSeqIn(join(this.dir, files[index]!));
      if (seq !== undefined) return seq;
    }
    return 0;
  }
}

function parseLine(line: string): AuditRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as AuditRecord;
    return typeof value.seq === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

async function lastSeqIn(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    for (let index = lines.length - 1; index >= 0; index--) {
      const record = parseLine(lines[index]!);
      if (record) return record.seq;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

async function endsWithNewline(file: string, size: number): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(1);
    await handle.read(buffer, 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

async function acquireDirLock(path: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) await rm(path, { force: true });
      else if (Date.now() > deadline) throw new Error(`audit log is locked by another writer (${path})`);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

import { Writable } from 'node:stream';
import type { Io } from '@clodo/cli';

/** An `Io` for running a `clodo` command in-process, keeping what it prints. */
export function capturedIo(
  cwd: string,
  env: NodeJS.ProcessEnv,
): { io: Io; stdout: () => string; stderr: () => string } {
  const text = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _encoding, done) {
        text[key] += String(chunk);
        done();
      },
    });
  return {
    io: { stdout: sink('stdout'), stderr: sink('stderr'), env, cwd },
    stdout: () => text.stdout,
    stderr: () => text.stderr,
  };
}

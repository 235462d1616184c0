import { basename, dirname } from 'node:path';
import { createProcessRunner } from './command-runner.js';

/** Whether git ignores `path`: true, false, or undefined when unknown (not a repository, no git). */
export type GitIgnoreCheck = (path: string) => Promise<boolean | undefined>;

/** Asks `git check-ignore` from the file's directory. */
export const gitCheckIgnore: GitIgnoreCheck = async (path) => {
  const git = createProcessRunner('git', { cwd: dirname(path), timeoutMs: 10_000 });
  try {
    const { code } = await git.run(['check-ignore', '-q', '--', basename(path)]);
    if (code === 0) return true;
    if (code === 1) return false;
    return undefined;
  } catch {
    return undefined;
  }
};

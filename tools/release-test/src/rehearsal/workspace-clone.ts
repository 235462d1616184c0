import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { userNpmEnv } from '@clodo-internal/pack-test';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface WorkspaceClone {
  dir: string;
  /** Runs a command in the clone; throws, naming the command and its output, unless it exits 0. */
  run(
    command: string,
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): CommandResult;
  /** Paths `git status` reports as changed since the last commit, sorted. */
  changedPaths(): string[];
  commitAll(message: string): void;
  remove(): void;
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Clodo release rehearsal',
  GIT_AUTHOR_EMAIL: 'rehearsal@clodo.invalid',
  GIT_COMMITTER_NAME: 'Clodo release rehearsal',
  GIT_COMMITTER_EMAIL: 'rehearsal@clodo.invalid',
};

/**
 * A `git clone` of the repository's current HEAD in a temporary directory. Commands there see neither
 * the npm/pnpm/turbo settings of the caller (nested pnpm/npm misbehave with them) nor relative PATH
 * entries; the project's Node (process.execPath) comes first on PATH.
 */
export function cloneWorkspace(repositoryRoot: string): WorkspaceClone {
  const parent = mkdtempSync(join(tmpdir(), 'clodo-release-'));
  const dir = join(parent, 'clodo');
  const baseEnv = (): NodeJS.ProcessEnv => {
    const env = userNpmEnv({
      ...GIT_IDENTITY,
      TURBO_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
      NO_COLOR: '1',
    });
    const path = (env.PATH ?? '').split(delimiter).filter((p) => isAbsolute(p));
    env.PATH = [join(dir, 'node_modules', '.bin'), dirname(process.execPath), ...path].join(delimiter);
    return env;
  };

  const run: WorkspaceClone['run'] = (command, args, options = {}) => {
    const result = spawnSync(command, args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...baseEnv(), ...options.env },
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
        .trim()
        .split('\n')
        .slice(-60)
        .join('\n');
      const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
      throw new Error(`\`${command} ${args.join(' ')}\` failed in the clone (${why}):\n${output}`);
    }
    return { stdout: result.stdout, stderr: result.stderr };
  };

  const git = spawnSync('git', ['clone', '--quiet', repositoryRoot, dir], { encoding: 'utf8' });
  if (git.status !== 0) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`git clone ${repositoryRoot} failed: ${git.stderr}`);
  }

  return {
    dir,
    run,
    changedPaths: () =>
      run('git', ['status', '--porcelain', '--untracked-files=all'])
        .stdout.split('\n')
        .filter(Boolean)
        .map((line) => line.slice(3))
        .sort(),
    commitAll: (message) => {
      run('git', ['add', '-A']);
      run('git', ['commit', '--quiet', '--allow-empty', '-m', message]);
    },
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

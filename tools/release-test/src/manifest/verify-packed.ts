import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { findPublishedManifestProblems } from './published-manifest.ts';

/**
 * Packs every package under packages/ exactly as a publish does (pnpm pack, which rewrites
 * `workspace:` ranges) and checks each unpacked tarball. Returns the problems, each naming its
 * package; empty when all are publishable.
 */
export function verifyPackedPackages(repositoryRoot: string, pnpmCli: string): string[] {
  const work = mkdtempSync(join(tmpdir(), 'clodo-verify-packed-'));
  try {
    const tarballs = join(work, 'tarballs');
    const pack = spawnSync(
      process.execPath,
      [pnpmCli, '--recursive', '--filter', './packages/*', 'pack', '--pack-destination', tarballs],
      { cwd: repositoryRoot, encoding: 'utf8' },
    );
    if (pack.status !== 0 || pack.stdout.includes('ERR_PNPM')) {
      const output = `${pack.stdout}${pack.stderr}`.trim().split('\n').slice(-20).join('\n');
      throw new Error(`pnpm pack failed:\n${output}`);
    }
    return readdirSync(tarballs)
      .filter((f) => f.endsWith('.tgz'))
      .sort()
      .flatMap((tarball) => {
        const dest = join(work, 'unpacked', basename(tarball, '.tgz'));
        mkdirSync(dest, { recursive: true });
        execFileSync('tar', ['-xzf', join(tarballs, tarball), '-C', dest]);
        return findPublishedManifestProblems(join(dest, 'package'));
      });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packAll, readPublishedPackages } from '@clodo-internal/pack-test';
import { findPublishedManifestProblems } from './published-manifest.ts';

/**
 * Packs every public package under `packagesDir` exactly as a publish would (pnpm pack) and checks each
 * unpacked tarball. Returns the problems, each naming its package; empty when all are publishable.
 */
export function verifyPackedPackages(packagesDir: string, pnpmCli: string): string[] {
  const work = mkdtempSync(join(tmpdir(), 'clodo-verify-packed-'));
  try {
    const tarballs = packAll(readPublishedPackages(packagesDir), join(work, 'tarballs'), pnpmCli);
    return tarballs.flatMap((tarball) => {
      const dest = join(work, 'unpacked', basename(tarball, '.tgz'));
      mkdirSync(dest, { recursive: true });
      execFileSync('tar', ['-xzf', tarball, '-C', dest]);
      return findPublishedManifestProblems(join(dest, 'package'));
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

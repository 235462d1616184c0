#!/usr/bin/env node
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { verifyPackedPackages } from './manifest/verify-packed.ts';

// Usage: clodo-verify-packed [packagesDir]; run by `pnpm release` before anything is published.
const packagesDir = resolve(process.argv[2] ?? 'packages');
const pnpmCli = createRequire(import.meta.url).resolve('pnpm/bin/pnpm.cjs');
try {
  const problems = verifyPackedPackages(packagesDir, pnpmCli);
  if (problems.length > 0) {
    console.error(
      `packed manifests: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was published`,
    );
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    process.exit(1);
  }
  console.log('packed manifests: every package declares what it imports and carries real semver ranges');
} catch (error) {
  console.error(`packed manifests: ${(error as Error).message}`);
  process.exit(1);
}

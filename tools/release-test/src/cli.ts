#!/usr/bin/env node
import { resolve } from 'node:path';
import { verifyPackedPackages } from './manifest/verify-packed.ts';
import { pnpmCli } from './toolchain.ts';

// Usage: clodo-verify-packed [repositoryRoot]; `pnpm release` runs it before anything is published.
const root = resolve(process.argv[2] ?? '.');
try {
  const problems = verifyPackedPackages(root, pnpmCli);
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

#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitDeclarations } from './emit.ts';

const USAGE = 'usage: clodo-dts [--out-dir <dir>]   (run in a package directory, after tsup)';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
let outDir: string | undefined;
if (args[0] === '--out-dir' && args[1] !== undefined && args.length === 2) outDir = args[1];
else if (args.length > 0) {
  console.error(`clodo-dts: unexpected arguments: ${args.join(' ')}\n${USAGE}`);
  process.exit(2);
}

const dir = process.cwd();
const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
try {
  const { written, problems } = await emitDeclarations(dir, outDir === undefined ? {} : { outDir });
  if (problems.length > 0) {
    console.error(
      `${name}: declarations not emitted, ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
    );
    for (const p of problems) console.error(`  ✗ ${p}`);
    process.exit(1);
  }
  // Same shape as tsup's own lines, so the build benchmark can split JS from .d.ts time; counted from
  // process start (performance's time origin), so loading TypeScript is included.
  const ms = Math.round(performance.now());
  console.log(`DTS clodo-dts Build success in ${ms}ms (${written.length} declaration files)`);
} catch (error) {
  console.error(`${name}: ${(error as Error).message}`);
  process.exit(1);
}

#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPackage } from './index.ts';

const dir = process.argv[2] ?? process.cwd();
const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
try {
  const problems = await checkPackage(dir);
  if (problems.length > 0) {
    console.error(`${name}: ${problems.length} packaging problem${problems.length === 1 ? '' : 's'}:`);
    for (const p of problems) console.error(`  ✗ ${name}: ${p}`);
    process.exit(1);
  }
  console.log(`${name}: exports, entries, dist and sources agree; publint and attw clean`);
} catch (error) {
  console.error(`${name}: ${(error as Error).message}`);
  process.exit(1);
}

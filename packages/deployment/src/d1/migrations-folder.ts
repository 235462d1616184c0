import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface MigrationsFolder {
  dir: string;
  exists: boolean;
  /** `.sql` files in the order wrangler applies them. */
  files: string[];
  /** Errors: duplicate numbers, badly named files. */
  errors: string[];
  /** Warnings: empty files, stray non-SQL files. */
  warnings: string[];
}

const NAME = /^(\d+)_[A-Za-z0-9_-]+\.sql$/;

/** Reads a D1 migrations folder and reports what would confuse `wrangler d1 migrations apply`. */
export async function readMigrationsFolder(dir: string): Promise<MigrationsFolder> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { dir, exists: false, files: [], errors: [], warnings: [] };
    }
    throw error;
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  const files = names.filter((name) => name.endsWith('.sql')).sort();
  const byNumber = new Map<number, string>();
  for (const file of files) {
    const match = NAME.exec(file);
    if (!match) {
      errors.push(`${file}: expected a name like 0001_create_users.sql`);
      continue;
    }
    const number = Number(match[1]);
    const previous = byNumber.get(number);
    if (previous) errors.push(`${file}: number ${match[1]} is also used by ${previous}`);
    else byNumber.set(number, file);
    if ((await stat(join(dir, file))).size === 0) warnings.push(`${file}: empty migration`);
  }
  for (const name of names) {
    if (!name.endsWith('.sql') && !name.startsWith('.'))
      warnings.push(`${name}: not a .sql file; wrangler ignores it`);
  }
  return { dir, exists: true, files, errors, warnings };
}

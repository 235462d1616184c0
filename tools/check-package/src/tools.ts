import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { readFileSync } from 'node:fs';

/** publint in strict mode: every error, warning and suggestion is a problem. */
export async function runPublint(dir: string): Promise<string[]> {
  const { messages, pkg } = await publint({ pkgDir: dir, strict: true, level: 'suggestion', pack: 'pnpm' });
  return messages.map((m) => `publint ${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
}

/** @arethetypeswrong/cli on the packed package, with the ESM-only profile (no CommonJS is published). */
export function runAttw(dir: string): string[] {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@arethetypeswrong/cli/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  const bin = join(dirname(manifest), pkg.bin.attw!);
  const result = spawnSync(
    process.execPath,
    [bin, '--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped', '--no-emoji', '--no-color'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  if (result.status === 0) return [];
  const output = `${result.stdout}${result.stderr}`.trim();
  return [`attw found problems:\n${output}`];
}

// The main job until the CLI lands: the built packages, what each publishes, and its size.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const rows = readdirSync(join(root, 'packages')).map((dir) => {
  const pkgDir = join(root, 'packages', dir);
  const m = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const subpaths = Object.keys(m.exports ?? {}).filter((s) => s !== './package.json');
  const dist = join(pkgDir, 'dist');
  const bytes = readdirSync(dist, { recursive: true })
    .filter((f) => String(f).endsWith('.js'))
    .reduce((sum, f) => sum + statSync(join(dist, String(f))).size, 0);
  return [
    m.name,
    m.version,
    subpaths.join(' '),
    Object.keys(m.bin ?? {}).join(' ') || '-',
    `${(bytes / 1024).toFixed(1)} KiB`,
  ];
});
const header = ['package', 'version', 'exports', 'bins', 'dist js'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));

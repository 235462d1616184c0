import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type BumpType = 'major' | 'minor' | 'patch';

export interface WorkspacePackage {
  /** Directory under the repository root, e.g. packages/config */
  path: string;
  name: string;
  version: string;
  /** Internal (@clodo/*) runtime dependencies and their ranges. */
  internal: Record<string, string>;
  manifestText: string;
}

export interface PendingChangeset {
  /** Path relative to the repository root, e.g. .changeset/config-model.md */
  file: string;
  releases: Record<string, BumpType>;
  summary: string;
}

const BUMP_ORDER: BumpType[] = ['patch', 'minor', 'major'];

/** The published @clodo/* packages of a checkout (private ones are never versioned or published). */
export function readPublicPackages(root: string): WorkspacePackage[] {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'package.json')))
    .map((d) => {
      const manifestText = readFileSync(join(dir, d, 'package.json'), 'utf8');
      const m = JSON.parse(manifestText) as {
        name: string;
        version: string;
        private?: boolean;
        dependencies?: Record<string, string>;
      };
      const internal = Object.fromEntries(
        Object.entries(m.dependencies ?? {}).filter(([name]) => name.startsWith('@clodo/')),
      );
      return {
        path: `packages/${d}`,
        name: m.name,
        version: m.version,
        internal,
        manifestText,
        private: m.private,
      };
    })
    .filter((p) => !p.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The changesets waiting in .changeset/, with the bump each asks for. */
export function readPendingChangesets(root: string): PendingChangeset[] {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`.changeset/${f}: no front matter`);
      const releases: Record<string, BumpType> = {};
      for (const line of match[1]!.split(/\r?\n/)) {
        const entry = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/.exec(line);
        if (entry) releases[entry[1]!] = entry[2] as BumpType;
      }
      return { file: `.changeset/${f}`, releases, summary: match[2]!.trim() };
    });
}

/**
 * The version every package gets under the fixed @clodo/* group: the group's highest current version,
 * bumped by the largest bump any pending changeset asks of any member.
 */
export function expectedFixedVersion(packages: WorkspacePackage[], changesets: PendingChangeset[]): string {
  const names = new Set(packages.map((p) => p.name));
  const bumps = changesets.flatMap((c) =>
    Object.entries(c.releases)
      .filter(([n]) => names.has(n))
      .map(([, b]) => b),
  );
  if (bumps.length === 0) throw new Error('no pending changeset releases an @clodo package');
  const bump = bumps.reduce((a, b) => (BUMP_ORDER.indexOf(b) > BUMP_ORDER.indexOf(a) ? b : a));
  const highest = packages.map((p) => p.version).reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  return incrementVersion(highest, bump);
}

export function incrementVersion(version: string, bump: BumpType): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match)
    throw new Error(`version "${version}" is not a plain major.minor.patch (pre-releases are not rehearsed)`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The newest section of a CHANGELOG.md: from the first `## ` heading to the next one. */
export function newestChangelogSection(text: string): string {
  const start = text.indexOf('\n## ');
  if (start < 0) return '';
  const next = text.indexOf('\n## ', start + 4);
  return text.slice(start + 1, next < 0 ? undefined : next).trim();
}

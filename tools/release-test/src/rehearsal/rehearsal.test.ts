import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findWorkspaceRanges, importAll, runBinHelp, userNpmEnv } from '@clodo-internal/pack-test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPublishedManifestProblems } from '../manifest/published-manifest.ts';
import { type LocalRegistry, startVerdaccio } from '../registry/verdaccio.ts';
import { pnpmCli, repositoryRoot } from '../toolchain.ts';
import {
  expectedFixedVersion,
  newestChangelogSection,
  type PendingChangeset,
  readPendingChangesets,
  readPublicPackages,
  type WorkspacePackage,
} from './version-plan.ts';
import { cloneWorkspace, type WorkspaceClone } from './workspace-clone.ts';

const REHEARSAL_CHANGESET = '.changeset/release-rehearsal-config-minor.md';
// A cold build plus every package check; generous because the suite shares two cores with other tasks.
const RELEASE_TIMEOUT_MS = 1_500_000;
const REHEARSAL_SUMMARY = 'Release rehearsal: a minor change to @clodo/config.';

let clone: WorkspaceClone;
let registry: LocalRegistry | undefined;
let consumer: string | undefined;
let before: WorkspacePackage[];
let pending: PendingChangeset[];
let newVersion: string;
let published = false;

/** Runs one phase and prints how long it took (the rehearsal's cost is reported, not guessed). */
function timed<T>(phase: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    console.log(`rehearsal: ${phase} took ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
}

beforeAll(() => {
  clone = cloneWorkspace(repositoryRoot);
  // The project's Node is already on PATH, so the `node` package's download step is skipped.
  clone.run(
    process.execPath,
    [pnpmCli, 'install', '--prefer-offline', '--ignore-scripts', '--no-frozen-lockfile'],
    {
      timeoutMs: 300_000,
    },
  );
  if (clone.changedPaths().length > 0) clone.commitAll('rehearsal: lockfile as installed');
}, 360_000);

afterAll(async () => {
  await registry?.stop();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
  clone?.remove();
}, 120_000);

describe('release rehearsal in a temporary clone', () => {
  it('changeset version bumps the fixed @clodo group and changes nothing else', () => {
    writeFileSync(
      join(clone.dir, REHEARSAL_CHANGESET),
      `---\n"@clodo/config": minor\n---\n\n${REHEARSAL_SUMMARY}\n`,
    );
    clone.commitAll('rehearsal: changeset for @clodo/config');
    const sha = clone.run('git', ['rev-parse', '--short=7', 'HEAD']).stdout.trim();
    before = readPublicPackages(clone.dir);
    pending = readPendingChangesets(clone.dir);
    newVersion = expectedFixedVersion(before, pending);

    timed('changeset version', () => clone.run('pnpm', ['changeset', 'version']));

    const expectedChanges = [
      ...before.flatMap((p) => [`${p.path}/CHANGELOG.md`, `${p.path}/package.json`]),
      ...pending.map((c) => c.file),
    ].sort();
    expect(clone.changedPaths()).toEqual(expectedChanges);
    for (const c of pending) expect(existsSync(join(clone.dir, c.file)), `${c.file} consumed`).toBe(false);

    const after = new Map(readPublicPackages(clone.dir).map((p) => [p.name, p]));
    for (const p of before) {
      const bumped = after.get(p.name)!;
      expect(bumped.version, p.name).toBe(newVersion);
      // The only edit to a manifest is its version; internal ranges stay workspace:^ and are made
      // concrete (^newVersion) when packed.
      expect(bumped.manifestText, p.name).toBe(
        p.manifestText.replace(`"version": "${p.version}"`, `"version": "${newVersion}"`),
      );
      for (const [dep, range] of Object.entries(bumped.internal)) {
        expect(range, `${p.name} → ${dep}`).toBe('workspace:^');
      }

      const changelog = readFileSync(join(clone.dir, p.path, 'CHANGELOG.md'), 'utf8');
      expect(changelog.startsWith(`# ${p.name}\n`), `${p.name} CHANGELOG heading`).toBe(true);
      const section = newestChangelogSection(changelog);
      expect(section.startsWith(`## ${newVersion}\n`), `${p.name} CHANGELOG section`).toBe(true);
      const own = pending.filter((c) => p.name in c.releases);
      for (const c of own) expect(section, `${p.name} lists ${c.file}`).toContain(c.summary.split('\n')[0]);
      for (const dep of Object.keys(p.internal)) {
        expect(section, `${p.name} lists its updated ${dep}`).toContain(`  - ${dep}@${newVersion}`);
      }
      if (own.length === 0 && Object.keys(p.internal).length === 0) {
        expect(section).toBe(`## ${newVersion}\n\nNo changes in this release.`);
      }
    }
    const config = newestChangelogSection(
      readFileSync(join(clone.dir, 'packages/config/CHANGELOG.md'), 'utf8'),
    );
    const lines = config.split('\n');
    const minor = lines.indexOf('### Minor Changes');
    const entry = lines.indexOf(`- ${sha}: ${REHEARSAL_SUMMARY}`);
    expect(minor, 'config CHANGELOG has Minor Changes').toBeGreaterThan(0);
    expect(entry, 'config CHANGELOG lists the rehearsal changeset with its commit').toBeGreaterThan(minor);
    const patch = lines.indexOf('### Patch Changes');
    if (patch > 0) expect(entry).toBeLessThan(patch);

    clone.commitAll('Version Packages');
  }, 120_000);

  it(
    'pnpm release checks every package and publishes them all to a loopback Verdaccio',
    async () => {
      const start = performance.now();
      registry = await startVerdaccio();
      console.log(`rehearsal: Verdaccio start took ${((performance.now() - start) / 1000).toFixed(1)} s`);
      const userconfig = join(registry.home, 'publisher.npmrc');
      const token = randomBytes(24).toString('hex');
      writeFileSync(
        userconfig,
        `registry=${registry.url}\n//127.0.0.1:${registry.port}/:_authToken=${token}\n`,
        {
          mode: 0o600,
        },
      );
      for (const p of before) {
        const manifest = JSON.parse(p.manifestText) as { publishConfig?: Record<string, string> };
        expect(
          Object.keys(manifest.publishConfig ?? {}).filter((k) => k.endsWith('registry')),
          p.name,
        ).toEqual([]);
      }

      const release = timed('pnpm release', () =>
        clone.run('pnpm', ['release'], {
          env: { npm_config_registry: registry!.url, npm_config_userconfig: userconfig },
          timeoutMs: RELEASE_TIMEOUT_MS,
        }),
      );
      published = true;
      expect(`${release.stdout}${release.stderr}`).not.toContain(token);

      for (const p of before) {
        const response = await fetch(`${registry.url}${p.name.replace('/', '%2f')}`);
        expect(response.status, `${p.name} on the registry`).toBe(200);
        const doc = (await response.json()) as {
          'dist-tags': Record<string, string>;
          versions: Record<string, { dependencies?: Record<string, string> }>;
        };
        expect(Object.keys(doc.versions), p.name).toEqual([newVersion]);
        expect(doc['dist-tags'].latest, p.name).toBe(newVersion);
        const published = doc.versions[newVersion]!.dependencies ?? {};
        for (const dep of Object.keys(p.internal))
          expect(published[dep], `${p.name} → ${dep}`).toBe(`^${newVersion}`);
      }
    },
    RELEASE_TIMEOUT_MS + 60_000,
  );

  it('plain npm installs @clodo/config, then @clodo/cli, then @clodo/framework from it, and each works', () => {
    expect(published, 'pnpm release published to the rehearsal registry').toBe(true);
    consumer = mkdtempSync(join(tmpdir(), 'clodo-npm-user-'));
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'clodo-npm-user', private: true, type: 'module' }, null, 2),
    );
    // Only the @clodo scope comes from the rehearsal registry; everything else from the usual one.
    writeFileSync(join(consumer, '.npmrc'), `@clodo:registry=${registry!.url}\n`);

    for (const name of ['@clodo/config', '@clodo/cli', '@clodo/framework']) {
      const npm = timed(`npm install ${name}`, () =>
        spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', name], {
          cwd: consumer,
          encoding: 'utf8',
          env: userNpmEnv(),
          timeout: 300_000,
        }),
      );
      expect(npm.status, `npm install ${name}: ${npm.error?.message ?? ''}${npm.stderr}`).toBe(0);

      const installed = installedClodoPackages(consumer);
      expect(installed.map((p) => p.name)).toContain(name);
      for (const p of installed) expect(p.version, p.name).toBe(newVersion);
      expect(installed.flatMap((p) => findPublishedManifestProblems(p.dir))).toEqual([]);
      expect(findWorkspaceRanges(consumer)).toEqual([]);
      expect(
        importAll(
          consumer,
          installed.flatMap((p) => p.specifiers),
        ),
      ).toEqual([]);
      const bins = installed.flatMap((p) => p.bins).map((b) => runBinHelp(consumer!, b));
      expect(bins.filter((b) => !b.ok).map((b) => b.message)).toEqual([]);
    }
    expect(
      installedClodoPackages(consumer)
        .map((p) => p.name)
        .sort(),
    ).toEqual(before.map((p) => p.name).sort());
  }, 600_000);
});

interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
  specifiers: string[];
  bins: string[];
}

function installedClodoPackages(project: string): InstalledPackage[] {
  const scope = join(project, 'node_modules', '@clodo');
  if (!existsSync(scope)) return [];
  return readdirSync(scope).map((d) => {
    const dir = resolve(scope, d);
    const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      exports?: Record<string, unknown>;
      bin?: string | Record<string, string>;
    };
    const subpaths = Object.keys(m.exports ?? {}).filter((s) => s !== './package.json' && !s.includes('*'));
    return {
      name: m.name,
      version: m.version,
      dir,
      specifiers: subpaths.map((s) => (s === '.' ? m.name : `${m.name}/${s.slice(2)}`)),
      bins: typeof m.bin === 'string' ? [m.name.split('/').pop()!] : Object.keys(m.bin ?? {}),
    };
  });
}

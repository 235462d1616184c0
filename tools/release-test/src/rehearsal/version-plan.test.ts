import { describe, expect, it } from 'vitest';
import {
  expectedFixedVersion,
  incrementVersion,
  newestChangelogSection,
  type PendingChangeset,
  type WorkspacePackage,
} from './version-plan.ts';

const pkg = (name: string, version: string): WorkspacePackage => ({
  path: `packages/${name}`,
  name: `@clodo/${name}`,
  version,
  internal: {},
  manifestText: '',
});

describe('the fixed-group version plan', () => {
  it('bumps the whole group from its highest version by the largest requested bump', () => {
    const packages = [pkg('config', '0.1.0'), pkg('cli', '0.1.2')];
    const changesets: PendingChangeset[] = [
      { file: '.changeset/a.md', releases: { '@clodo/config': 'minor' }, summary: 'a' },
      { file: '.changeset/b.md', releases: { '@clodo/cli': 'patch' }, summary: 'b' },
    ];
    expect(expectedFixedVersion(packages, changesets)).toBe('0.2.0');
  });

  it('refuses to guess without a release or with a pre-release version', () => {
    expect(() => expectedFixedVersion([pkg('config', '0.1.0')], [])).toThrow(/no pending changeset/);
    expect(() => incrementVersion('1.0.0-beta.1', 'patch')).toThrow(/pre-releases/);
    expect(incrementVersion('1.2.3', 'major')).toBe('2.0.0');
  });

  it('reads the newest changelog section', () => {
    const text = '# @clodo/x\n\n## 0.3.0\n\n### Minor Changes\n\n- new\n\n## 0.2.0\n\n- old\n';
    expect(newestChangelogSection(text)).toBe('## 0.3.0\n\n### Minor Changes\n\n- new');
  });
});

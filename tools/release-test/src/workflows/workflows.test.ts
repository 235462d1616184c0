import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciWorkflowProblems, releaseWorkflowProblems } from './release-policy.ts';
import { parseWorkflowFile } from './workflow-schema.ts';

const root = resolve(import.meta.dirname, '../../../..');
const readWorkflow = (file: string) => readFileSync(join(root, '.github', 'workflows', file), 'utf8');

/** The README's "whole test suite" command, which CI must run verbatim. */
function readmeTestCommand(): string {
  const line = readFileSync(join(root, 'README.md'), 'utf8')
    .split('\n')
    .find((l) => l.includes('# the whole test suite') && l.trim().startsWith('npx'));
  if (!line) throw new Error('README.md has no "# the whole test suite" command');
  return line.split('#')[0]!.trim();
}

describe('.github/workflows/ci.yml', () => {
  it('is a valid workflow that runs the README test command on push and pull_request with the pnpm store cached', async () => {
    const { document, problems } = await parseWorkflowFile('ci.yml', readWorkflow('ci.yml'));
    expect(problems).toEqual([]);
    expect(readmeTestCommand()).toBe('npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 test');
    expect(ciWorkflowProblems(document!, readmeTestCommand())).toEqual([]);
  });
});

describe('.github/workflows/release.yml', () => {
  it('is a valid workflow: changesets action on main, publishing through pnpm release with provenance', async () => {
    const { document, problems } = await parseWorkflowFile('release.yml', readWorkflow('release.yml'));
    expect(problems).toEqual([]);
    expect(releaseWorkflowProblems(document!)).toEqual([]);
  });
});

describe('the workflow checks', () => {
  it('reject what the runner cannot run, naming the job and step', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    steps:',
      '      - name: nothing to do',
      '      - uses: actions/checkout@v4',
      '        run: echo both',
    ].join('\n');
    const { problems } = await parseWorkflowFile('broken.yml', broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'broken.yml: jobs.build has no "runs-on"',
        'broken.yml: jobs.build.steps[0] needs exactly one of "uses" or "run"',
        'broken.yml: jobs.build.steps[1] needs exactly one of "uses" or "run"',
      ]),
    );
    expect(problems.some((p) => /runs-on/.test(p) && !p.includes('jobs.build has no'))).toBe(true);
  });

  it('reject keys the workflow schema does not know', async () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo\n';
    const { problems } = await parseWorkflowFile('typo.yml', text);
    expect(problems.some((p) => p.startsWith('typo.yml: ') && p.includes('stepz'))).toBe(true);
  });

  it('reject a release workflow without provenance rights or the checks before publishing', async () => {
    const text = readWorkflow('release.yml')
      .replace('id-token: write', 'id-token: none')
      .replace('publish: npx pnpm release', 'publish: npx pnpm changeset publish')
      .replace('NPM_CONFIG_PROVENANCE: true', 'NPM_CONFIG_PROVENANCE: false');
    const { document, problems } = await parseWorkflowFile('release.yml', text);
    expect(problems).toEqual([]);
    expect(releaseWorkflowProblems(document!)).toEqual([
      'release.yml: permissions.id-token must be "write"',
      'release.yml: changesets/action must publish with `pnpm release` (checks before publish)',
      'release.yml: NPM_CONFIG_PROVENANCE must be true on the publish step',
    ]);
  });

  it('reject a CI workflow that skips pull requests or runs another command', async () => {
    const text = readWorkflow('ci.yml')
      .replace('  pull_request:\n', '')
      .replace(
        'run: npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 test',
        'run: npx -y pnpm@10.34.8 test',
      );
    const { document, problems } = await parseWorkflowFile('ci.yml', text);
    expect(problems).toEqual([]);
    expect(ciWorkflowProblems(document!, 'npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 test')).toEqual([
      'ci.yml: does not run on pull_request',
      'ci.yml: no step runs the README\'s test command "npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 test"',
    ]);
  });
});

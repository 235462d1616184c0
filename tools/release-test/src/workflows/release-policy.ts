import { allSteps, triggerNames, type WorkflowDocument } from './workflow-schema.ts';

/** What CI must do: run the README's test command on every push and pull request, with the pnpm store cached. */
export function ciWorkflowProblems(document: WorkflowDocument, testCommand: string): string[] {
  const problems: string[] = [];
  const triggers = triggerNames(document);
  for (const event of ['push', 'pull_request']) {
    if (!triggers.includes(event)) problems.push(`ci.yml: does not run on ${event}`);
  }
  const steps = allSteps(document);
  if (!steps.some((s) => s.run?.trim() === testCommand)) {
    problems.push(`ci.yml: no step runs the README's test command "${testCommand}"`);
  }
  const cachesStore = steps.some(
    (s) =>
      (s.uses?.startsWith('actions/cache@') && String(s.with?.path ?? '').includes('pnpm-store')) ||
      (s.uses?.startsWith('actions/setup-node@') && s.with?.cache === 'pnpm'),
  );
  if (!cachesStore) problems.push('ci.yml: the pnpm store is not cached');
  return problems;
}

/**
 * What the release workflow must do: on pushes to main, the changesets action versions (the
 * "Version Packages" pull request) or publishes through `pnpm release`, with npm provenance.
 */
export function releaseWorkflowProblems(document: WorkflowDocument): string[] {
  const problems: string[] = [];
  const on = document.on as { push?: { branches?: string[] } } | undefined;
  if (!on?.push?.branches?.includes('main')) problems.push('release.yml: does not run on pushes to main');
  const permissions = (document.permissions ?? {}) as Record<string, string>;
  const required = { 'id-token': 'write', contents: 'write', 'pull-requests': 'write' };
  for (const [scope, level] of Object.entries(required)) {
    if (permissions[scope] !== level) problems.push(`release.yml: permissions.${scope} must be "${level}"`);
  }
  const action = allSteps(document).find((s) => s.uses?.startsWith('changesets/action@'));
  if (!action) return [...problems, 'release.yml: no step uses changesets/action'];
  if (!/\bpnpm release$/.test(String(action.with?.publish ?? ''))) {
    problems.push('release.yml: changesets/action must publish with `pnpm release` (checks before publish)');
  }
  if (!/\bchangeset version$/.test(String(action.with?.version ?? ''))) {
    problems.push('release.yml: changesets/action must version with `changeset version`');
  }
  if (action.with?.title !== 'Version Packages') {
    problems.push('release.yml: the pull request must be titled "Version Packages"');
  }
  if (String(action.env?.NPM_CONFIG_PROVENANCE) !== 'true') {
    problems.push('release.yml: NPM_CONFIG_PROVENANCE must be true on the publish step');
  }
  return problems;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installTarballs, readPublishedPackages } from './artifacts.ts';

// A user of the published @clodo/orchestration: the tarball (and the @clodo packages it depends on)
// installed by plain npm outside the workspace, a subclass of BaseDeploymentOrchestrator overriding
// onDeploy, run in Node and type-checked with tsc.
const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '../../..');
const needed = ['config', 'security', 'emulator', 'deployment', 'testers', 'orchestration'];
const packages = readPublishedPackages(join(root, 'packages')).filter((p) =>
  needed.includes(p.name.replace('@clodo/', '')),
);

const consumer = `import { BaseDeploymentOrchestrator, MemoryAuditTrail } from '@clodo/orchestration';

class ReleaseOrchestrator extends BaseDeploymentOrchestrator {
  live = 'v1';
  ran = [];
  async onValidate(ctx) {
    this.ran.push('validate:' + ctx.deploymentId);
  }
  async onDeploy(ctx) {
    const previous = this.live;
    this.live = process.argv[2] === 'broken' ? 'v2-broken' : 'v2';
    this.ran.push('deploy:' + this.live);
    await ctx.registerCompensation({ description: 'restore ' + previous }, async () => {
      this.live = previous;
      this.ran.push('restore:' + previous);
    });
  }
  async onVerify() {
    if (this.live.endsWith('broken')) throw new Error(this.live + ' answers 500');
  }
}

const audit = new MemoryAuditTrail();
const orchestrator = new ReleaseOrchestrator({ audit });
const result = await orchestrator.execute({ deploymentId: 'pack-run-1' });
console.log(JSON.stringify({
  status: result.status,
  ran: orchestrator.ran,
  live: orchestrator.live,
  phases: Object.fromEntries(Object.entries(result.phases).map(([name, p]) => [name, p.state])),
  audited: audit.entries.length,
}));
`;

const typedConsumer = `import { BaseDeploymentOrchestrator, type OrchestrationResult, type PhaseContext } from '@clodo/orchestration';

class TypedOrchestrator extends BaseDeploymentOrchestrator {
  deployed: string[] = [];
  protected override async onDeploy(ctx: PhaseContext): Promise<void> {
    this.deployed.push(ctx.deploymentId);
    await ctx.registerCompensation({ description: 'undo' }, async () => {
      this.deployed.pop();
    });
  }
}

export async function run(): Promise<OrchestrationResult['status']> {
  return (await new TypedOrchestrator().execute({ dryRun: false })).status;
}
`;

describe('@clodo/orchestration from its packed tarball', () => {
  let project: string;

  beforeAll(() => {
    // Only orchestration and the @clodo packages it depends on, so its own dependency list is what is tested.
    const tarballs = inject('tarballs');
    project = installTarballs(packages.map((p) => tarballs[p.name] as string));
    writeFileSync(join(project, 'release-orchestrator.mjs'), consumer);
    writeFileSync(join(project, 'typed-orchestrator.ts'), typedConsumer);
  }, 600_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  }, 120_000);

  const run = (...args: string[]) =>
    JSON.parse(
      execFileSync(process.execPath, ['release-orchestrator.mjs', ...args], {
        cwd: project,
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .pop() as string,
    );

  it('runs a subclass whose onDeploy override does the deploying', () => {
    expect(run()).toEqual({
      status: 'succeeded',
      ran: ['validate:pack-run-1', 'deploy:v2'],
      live: 'v2',
      phases: {
        initialize: 'succeeded',
        validate: 'succeeded',
        prepare: 'succeeded',
        deploy: 'succeeded',
        verify: 'succeeded',
        monitor: 'succeeded',
      },
      audited: expect.any(Number),
    });
  }, 60_000);

  it('undoes what the override registered when verify fails', () => {
    expect(run('broken')).toMatchObject({
      status: 'rolled-back',
      ran: ['validate:pack-run-1', 'deploy:v2-broken', 'restore:v1'],
      live: 'v1',
      phases: { deploy: 'succeeded', verify: 'failed' },
    });
  }, 60_000);

  it('type-checks a TypeScript subclass against the shipped declarations', () => {
    writeFileSync(
      join(project, 'tsconfig.orchestration.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          noImplicitOverride: true,
          types: [],
        },
        files: ['typed-orchestrator.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.orchestration.json'],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});

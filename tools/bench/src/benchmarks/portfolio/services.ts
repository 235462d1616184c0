import { execFile } from 'node:child_process';
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@clodo/config/loader';
import { generateWranglerConfig } from '@clodo/config/wrangler';

const run = promisify(execFile);

export interface GeneratedService {
  service: string;
  workerName: string;
  dir: string;
  configPath: string;
}

/**
 * Generates `count` services with the real `clodo create` (generic template) under `root/services`, and
 * writes each one's wrangler config for `environment` from its own clodo.config.ts, as a deploy would.
 * `root/node_modules` points at the bench's, so wrangler's bundler finds @clodo/services.
 */
export async function generateServices(options: {
  repoRoot: string;
  root: string;
  count: number;
  environment: string;
  accountId: string;
}): Promise<GeneratedService[]> {
  const { repoRoot, root } = options;
  await mkdir(join(root, 'services'), { recursive: true });
  await symlink(join(repoRoot, 'tools/bench/node_modules'), join(root, 'node_modules'), 'dir');
  const clodo = join(repoRoot, 'packages/cli/dist/bin.js');
  const names = Array.from({ length: options.count }, (_, i) => `bench-svc-${i + 1}`);
  await Promise.all(
    names.map((name) =>
      run(
        process.execPath,
        [clodo, 'create', name, '--type', 'generic', '--yes', '--dir', join(root, 'services', name)],
        {
          env: { ...process.env, NO_COLOR: '1' },
        },
      ),
    ),
  );
  const services: GeneratedService[] = [];
  for (const service of names) {
    const dir = join(root, 'services', service);
    const { config } = await loadConfig({ cwd: dir });
    const { triggers, ...generated } = generateWranglerConfig(config, {
      service,
      environment: options.environment,
    });
    // An empty cron list still makes wrangler PUT the schedules, which the emulator does not implement.
    const wrangler = {
      ...generated,
      ...(triggers.crons.length > 0 ? { triggers } : {}),
      account_id: options.accountId,
    };
    // Absolute: DeploymentValidator reads the file relative to the process, not to `cwd`.
    const configPath = join(dir, 'wrangler.json');
    const tmp = `${configPath}.tmp`;
    await writeFile(tmp, `${JSON.stringify(wrangler, null, 2)}\n`);
    await rename(tmp, configPath);
    services.push({ service, workerName: wrangler.name, dir, configPath });
  }
  return services;
}

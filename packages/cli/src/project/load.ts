import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClodoConfig } from '@clodo/config';
import { CliError, EXIT } from '../errors.js';

export interface Project {
  config: ClodoConfig;
  file: string;
  root: string;
}

/**
 * Loads and validates the project's config once, at the edge. Every problem is printed on its own line
 * with its path; a broken config is a usage error (exit 2), never a stack trace.
 */
export async function loadProject(cwd: string, file?: string): Promise<Project> {
  const [{ loadConfig }, { isConfigError, formatProblems }] = await Promise.all([
    import('@clodo/config/loader'),
    import('@clodo/config'),
  ]);
  try {
    const loaded = await loadConfig({ cwd, file });
    return { config: loaded.config, file: loaded.file, root: dirname(loaded.file) };
  } catch (error) {
    if (isConfigError(error)) {
      throw new ProjectConfigError(
        error.problems.length ? formatProblems(error.problems) : error.message,
        error.problems,
      );
    }
    throw error;
  }
}

export class ProjectConfigError extends CliError {
  readonly problems: readonly { path: string; message: string; hint?: string }[];
  constructor(message: string, problems: readonly { path: string; message: string; hint?: string }[]) {
    super(message, EXIT.usage);
    this.problems = problems;
  }
}

export function environmentNames(config: ClodoConfig): string[] {
  return Object.keys(config.environments);
}

/**
 * Local secret values for a service in an environment, as wrangler reads them: `.dev.vars.<env>` when it
 * exists, else `.dev.vars` for development. Values stay in memory; nothing here prints them.
 */
export async function localSecrets(serviceDir: string, environment: string): Promise<Record<string, string>> {
  const candidates = [join(serviceDir, `.dev.vars.${environment}`)];
  if (environment === 'development') candidates.push(join(serviceDir, '.dev.vars'));
  const file = candidates.find((f) => existsSync(f));
  if (!file) return {};
  const { LocalSecretStore } = await import('@clodo/security');
  const store = new LocalSecretStore({ path: file });
  const values: Record<string, string> = {};
  for (const name of await store.list()) {
    const value = await store.get(name);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

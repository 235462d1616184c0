import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { defineModel, type ModelDefinition } from '@clodo/services';
import { generateMigrations } from '@clodo/services/migrations';
import manifest from '../../package.json' with { type: 'json' };
import { CliError, UsageError } from '../errors.js';
import { apiGateway } from './templates/api-gateway.js';
import { authService } from './templates/auth-service.js';
import { dataService } from './templates/data-service.js';
import { generic } from './templates/generic.js';
import type { FileMap, TemplateInput } from './templates/shared.js';
import { staticSite } from './templates/static-site.js';

interface Template {
  summary: string;
  render: (input: TemplateInput) => { files: FileMap; models?: ModelDefinition[] };
}

export type ServiceTemplate = 'data-service' | 'api-gateway' | 'auth-service' | 'static-site' | 'generic';

export const SERVICE_TEMPLATES: Readonly<Record<ServiceTemplate, Template>> = {
  'data-service': { summary: 'REST resources over D1 with API-key writes', render: dataService },
  'api-gateway': {
    summary: 'forwards requests to other services through service bindings',
    render: apiGateway,
  },
  'auth-service': { summary: 'users over D1, JWTs issued for an API key', render: authService },
  'static-site': { summary: 'HTML pages served from the Worker', render: staticSite },
  generic: { summary: 'a Worker with Clodo middleware and one route', render: generic },
};
export const TEMPLATE_NAMES = Object.keys(SERVICE_TEMPLATES) as ServiceTemplate[];

const NAME = /^[a-z][a-z0-9-]{1,62}$/;

export interface CreateProjectOptions {
  name: string;
  type: string;
  /** Target directory; default `./<name>` under `cwd`. */
  dir?: string;
  cwd?: string;
  /** Write into a non-empty directory, replacing the files the template owns. */
  force?: boolean;
}

export interface CreatedProject {
  name: string;
  type: ServiceTemplate;
  dir: string;
  files: string[];
}

export function assertServiceName(name: string): void {
  if (!NAME.test(name)) {
    throw new UsageError(
      `invalid service name ${JSON.stringify(name)}: use 2–63 lowercase letters, digits and "-", starting with a letter (for example "orders-api")`,
    );
  }
}

/** Versions of the @clodo packages this CLI was released with, for the generated package.json. */
export function releaseVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = { '@clodo/cli': manifest.version };
  for (const pkg of ['@clodo/services', '@clodo/config', '@clodo/security']) {
    versions[pkg] = (require(`${pkg}/package.json`) as { version: string }).version;
  }
  return versions;
}

/**
 * Writes a new service project. Files are rendered into a staging directory beside the target first and
 * moved into place only when everything (migrations included) was produced, so a failure leaves nothing.
 */
export async function createProject(options: CreateProjectOptions): Promise<CreatedProject> {
  assertServiceName(options.name);
  if (!(options.type in SERVICE_TEMPLATES)) {
    throw new UsageError(
      `unknown service type ${JSON.stringify(options.type)}; valid types: ${TEMPLATE_NAMES.join(', ')}`,
    );
  }
  const type = options.type as ServiceTemplate;
  const dir = resolve(options.cwd ?? process.cwd(), options.dir ?? options.name);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !options.force) {
    throw new CliError(`${dir} is not empty; choose another --dir or pass --force to write into it`);
  }

  const template: Template = SERVICE_TEMPLATES[type];
  const { files, models = [] } = template.render({
    name: options.name,
    versions: releaseVersions(),
  });
  mkdirSync(dirname(dir), { recursive: true });
  const stage = join(dirname(dir), `.${basename(dir)}.clodo-create-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(stage, path)), { recursive: true });
      writeFileSync(join(stage, path), text);
    }
    const written = Object.keys(files);
    if (models.length > 0) {
      const migration = await generateMigrations(
        models.map((m) => defineModel(m)),
        join(stage, 'migrations'),
        { name: 'init' },
      );
      if (migration.file) written.push(`migrations/${basename(migration.file)}`);
    }
    if (!existsSync(dir)) {
      renameSync(stage, dir);
    } else {
      for (const path of written) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        renameSync(join(stage, path), join(dir, path));
      }
    }
    return { name: options.name, type, dir, files: written.sort() };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

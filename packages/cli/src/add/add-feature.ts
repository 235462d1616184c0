import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { generateServiceMigration, type ServiceMigration } from '../db/generate.js';
import { CliError, UsageError } from '../errors.js';
import { loadProject, type Project, ProjectConfigError } from '../project/load.js';
import { tempPathFor, writeFilesAtomically } from '../project/atomic-write.js';
import { selectService } from '../project/services.js';
import { EditableConfig, type EditableFile, EditableServiceModule, NewFile } from './editable.js';
import { FEATURE_LIST, FEATURES, type FeatureContext, type FeatureOptions } from './features.js';

export interface AddFeatureRequest {
  feature: string;
  cwd: string;
  configFile?: string;
  service?: string;
  options: FeatureOptions;
  /** Receives notices (next steps, store warnings); never a secret value. */
  note(text: string): void;
}

export interface AddFeatureResult {
  feature: string;
  service: string;
  /** False when the feature was already there: nothing was written. */
  changed: boolean;
  files: { path: string; action: 'created' | 'updated' }[];
  /** Secrets generated into `.dev.vars` (names only). */
  secrets: string[];
  migration?: ServiceMigration;
  notes: string[];
}

export function assertFeature(feature: string): asserts feature is keyof typeof FEATURES {
  if (!Object.hasOwn(FEATURES, feature)) {
    throw new UsageError(
      `unknown feature ${JSON.stringify(feature)}; valid features: ${FEATURE_LIST.join(', ')}`,
    );
  }
}

/**
 * Adds a feature to one service: edits clodo.config and the entry module through their syntax trees,
 * creates the files it needs, checks that the edited config still validates, then writes everything at
 * once (temporary files, then renames). Running it again finds everything in place and writes nothing.
 */
export async function addFeature(request: AddFeatureRequest): Promise<AddFeatureResult> {
  assertFeature(request.feature);
  const project = await loadProject(request.cwd, request.configFile);
  const { service, dir } = selectService(project, request.cwd, request.service);
  const config = new EditableConfig(project.file);
  const entry = config.service(service.name);
  let module: EditableServiceModule | undefined;
  const created: NewFile[] = [];
  const secrets: { name: string; kind: 'api-key' | 'jwt' }[] = [];
  const notes: string[] = [];
  let wantMigrations = false;

  const ctx: FeatureContext = {
    service,
    services: project.config.services.map((s) => s.name),
    entry,
    module: () => {
      module ??= new EditableServiceModule(join(dir, service.main));
      return module;
    },
    createFile: (path, text) => {
      const full = join(dir, path);
      if (existsSync(full) || created.some((f) => f.path === full)) return false;
      created.push(new NewFile(full, text));
      return true;
    },
    localSecret: (name, kind) => {
      if (!secrets.some((s) => s.name === name)) secrets.push({ name, kind });
    },
    generateMigrations: () => {
      wantMigrations = true;
    },
    note: (text) => notes.push(text),
    options: request.options,
  };
  FEATURES[request.feature].apply(ctx);

  const edited: EditableFile[] = [config, ...(module ? [module] : []), ...created];
  const writes = edited
    .map((file) => ({ file, text: file.render() }))
    .filter(({ file, text }) => text !== file.original);
  if (writes.some((w) => w.file === config)) await checkConfig(project, config.render());
  writeFilesAtomically(writes.map((w) => ({ path: w.file.path, text: w.text })));

  const secretNames = await writeLocalSecrets(dir, secrets, request.note);
  let migration: ServiceMigration | undefined;
  if (wantMigrations) {
    const reloaded = await loadProject(request.cwd, request.configFile);
    const updated = selectService(reloaded, request.cwd, service.name);
    migration = await generateServiceMigration(reloaded.root, updated.dir, updated.service);
  }
  const files = writes.map((w) => ({
    path: relative(project.root, w.file.path),
    action: w.file.original === undefined ? ('created' as const) : ('updated' as const),
  }));
  if (migration?.file) files.push({ path: migration.file, action: 'created' });
  return {
    feature: request.feature,
    service: service.name,
    changed: files.length > 0 || secretNames.length > 0,
    files,
    secrets: secretNames,
    ...(migration ? { migration } : {}),
    notes,
  };
}

/** Loads the edited config from a temporary file beside the real one; a problem aborts before any write. */
async function checkConfig(project: Project, text: string): Promise<void> {
  const temp = `${tempPathFor(project.file)}${extname(project.file)}`;
  writeFileSync(temp, text, { flag: 'wx' });
  try {
    await loadProject(project.root, temp);
  } catch (error) {
    if (error instanceof ProjectConfigError) {
      throw new CliError(
        `the edit would make ${project.file} invalid, so nothing was written:\n${error.message}`,
      );
    }
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

async function writeLocalSecrets(
  dir: string,
  secrets: readonly { name: string; kind: 'api-key' | 'jwt' }[],
  warn: (text: string) => void,
): Promise<string[]> {
  if (secrets.length === 0) return [];
  const security = await import('@clodo/security');
  const store = new security.LocalSecretStore({ path: join(dir, '.dev.vars'), warn });
  const missing: Record<string, string> = {};
  for (const { name, kind } of secrets) {
    if ((await store.get(name)) !== undefined) continue;
    missing[name] = kind === 'jwt' ? security.generateJwtSecret() : security.generateApiKey('dev');
  }
  if (Object.keys(missing).length > 0) await store.setMany(missing);
  return Object.keys(missing);
}

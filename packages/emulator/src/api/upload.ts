import { createHash } from 'node:crypto';
import { SUPPORTED_BINDING_TYPES } from '../runtime/worker-options.js';
import type { AccountState, BindingRecord, VersionRecord } from '../state/model.js';
import { type Account, newId, newTag, versionsOf } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import type { ApiRequest } from './router.js';

export interface UploadMetadata {
  main_module?: string;
  body_part?: string;
  bindings?: BindingRecord[];
  keep_bindings?: string[];
  compatibility_date?: string;
  compatibility_flags?: string[];
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface ParsedUpload {
  metadata: UploadMetadata;
  parts: { name: string; contentType: string; data: Uint8Array }[];
}

function invalid(message: string): CfApiError {
  return new CfApiError(400, CF_CODES.VALIDATION, message);
}

/** Read Cloudflare's multipart worker upload: a `metadata` JSON part plus one part per module. */
export async function parseUpload(req: ApiRequest): Promise<ParsedUpload> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    throw invalid('Expected a multipart/form-data worker upload with a "metadata" part');
  }
  const form = await new Request('http://upload.local/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: req.body,
  }).formData();
  const metadataPart = form.get('metadata');
  if (metadataPart === null) throw invalid('The upload has no "metadata" part');
  const metadataText = typeof metadataPart === 'string' ? metadataPart : await metadataPart.text();
  let metadata: UploadMetadata;
  try {
    metadata = JSON.parse(metadataText) as UploadMetadata;
  } catch {
    throw invalid('The "metadata" part is not valid JSON');
  }
  const parts: ParsedUpload['parts'] = [];
  for (const [field, value] of form.entries()) {
    if (field === 'metadata' || typeof value === 'string') continue;
    const name = value.name || field;
    checkModuleName(name);
    parts.push({
      name,
      contentType: value.type || 'application/octet-stream',
      data: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { metadata, parts };
}

function checkModuleName(name: string): void {
  const segments = name.split('/');
  if (name.startsWith('/') || segments.some((s) => s === '..' || s === '.' || s === '')) {
    throw invalid(`Module name "${name}" must be a relative path without "." or ".." segments`);
  }
}

/**
 * Resolve the uploaded bindings against the script's current version: `inherit` bindings and
 * `keep_bindings` types are copied from it, as Cloudflare does with `bindings_inherit=strict`.
 */
function resolveBindings(metadata: UploadMetadata, previous: VersionRecord | undefined): BindingRecord[] {
  const bindings: BindingRecord[] = [];
  for (const binding of metadata.bindings ?? []) {
    if (typeof binding?.name !== 'string' || typeof binding?.type !== 'string') {
      throw invalid('Every binding needs a string "name" and "type"');
    }
    if (binding.type === 'inherit') {
      const inherited = previous?.bindings.find((b) => b.name === binding.name);
      if (!inherited) {
        throw invalid(`Binding "${binding.name}" is marked inherit but the Worker has no such binding`);
      }
      bindings.push(inherited);
      continue;
    }
    if (!(SUPPORTED_BINDING_TYPES as readonly string[]).includes(binding.type)) {
      throw invalid(
        `Binding "${binding.name}" has type "${binding.type}", which the clodo emulator cannot run (supported: ${SUPPORTED_BINDING_TYPES.join(', ')})`,
      );
    }
    bindings.push(binding);
  }
  for (const type of metadata.keep_bindings ?? []) {
    for (const kept of previous?.bindings ?? []) {
      if (kept.type === type && !bindings.some((b) => b.name === kept.name)) bindings.push(kept);
    }
  }
  return bindings;
}

/** Store the uploaded modules and add a new version of `script` to the draft state. */
export async function createVersion(
  account: Account,
  draft: AccountState,
  script: string,
  upload: ParsedUpload,
  triggeredBy: string,
): Promise<VersionRecord> {
  const { metadata, parts } = upload;
  const mainModule = metadata.main_module ?? metadata.body_part;
  if (!mainModule) throw invalid('metadata needs "main_module" (or "body_part")');
  if (!parts.some((p) => p.name === mainModule)) {
    throw invalid(`The main module "${mainModule}" is not among the uploaded parts`);
  }
  const previous = account.currentVersion(script, draft);
  const bindings = resolveBindings(metadata, previous);
  const id = newId();
  const modules = await account.store.writeModules(id, parts);
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part.name).update(part.data);
  const now = account.timestamp();
  if (!draft.scripts[script]) {
    draft.scripts[script] = {
      name: script,
      tag: newTag(),
      createdOn: now,
      modifiedOn: now,
      workersDev: true,
      previews: false,
      settings: {},
    };
  }
  const version: VersionRecord = {
    id,
    script,
    number: (versionsOf(draft, script).at(-1)?.number ?? 0) + 1,
    createdOn: now,
    source: 'wrangler',
    triggeredBy,
    mainModule,
    format: metadata.main_module ? 'modules' : 'service-worker',
    modules,
    bindings,
    compatibilityFlags: metadata.compatibility_flags ?? [],
    etag: hash.digest('hex'),
    ...(metadata.compatibility_date ? { compatibilityDate: metadata.compatibility_date } : {}),
    ...(metadata.annotations?.['workers/message']
      ? { message: metadata.annotations['workers/message'] }
      : {}),
    ...(metadata.annotations?.['workers/tag'] ? { tag: metadata.annotations['workers/tag'] } : {}),
  };
  draft.versions[id] = version;
  return version;
}

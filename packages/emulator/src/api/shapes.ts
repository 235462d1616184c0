import type { BindingRecord, DeploymentRecord, ScriptRecord, VersionRecord } from '../state/model.js';

/** A response body as the Cloudflare API shapes it. */
export type ApiShape = Record<string, unknown>;

/** Bindings as the API reports them: secret values never leave the emulator. */
export function publicBindings(version: VersionRecord): BindingRecord[] {
  return version.bindings.map((b) => {
    if (b.type !== 'secret_text') return b;
    const { text: _text, ...rest } = b;
    return rest;
  });
}

export function versionShape(version: VersionRecord): ApiShape {
  return {
    id: version.id,
    number: version.number,
    metadata: {
      author_id: 'clodo-emulator',
      author_email: 'emulator@clodo.local',
      source: version.source,
      created_on: version.createdOn,
      modified_on: version.createdOn,
      has_preview: false,
    },
    annotations: {
      'workers/triggered_by': version.triggeredBy,
      ...(version.message ? { 'workers/message': version.message } : {}),
      ...(version.tag ? { 'workers/tag': version.tag } : {}),
    },
    resources: {
      script: { etag: version.etag, handlers: ['fetch'], last_deployed_from: 'wrangler' },
      script_runtime: {
        compatibility_date: version.compatibilityDate,
        compatibility_flags: version.compatibilityFlags,
        usage_model: 'standard',
        limits: { cpu_ms: 30000 },
      },
      bindings: publicBindings(version),
    },
    startup_time_ms: 0,
  };
}

export function deploymentShape(deployment: DeploymentRecord): ApiShape {
  return {
    id: deployment.id,
    source: deployment.source,
    strategy: deployment.strategy,
    author_email: 'emulator@clodo.local',
    created_on: deployment.createdOn,
    annotations: deployment.annotations,
    versions: deployment.versions,
  };
}

export function scriptShape(script: ScriptRecord, version: VersionRecord | undefined): ApiShape {
  return {
    id: script.name,
    tag: script.tag,
    tags: (script.settings.tags as string[] | undefined) ?? [],
    etag: version?.etag ?? '',
    handlers: ['fetch'],
    created_on: script.createdOn,
    modified_on: script.modifiedOn,
    usage_model: 'standard',
    last_deployed_from: 'wrangler',
    has_assets: false,
    has_modules: version?.format === 'modules',
    compatibility_date: version?.compatibilityDate,
    compatibility_flags: version?.compatibilityFlags ?? [],
  };
}

import { join } from 'node:path';
import type { V4WorkerOptions } from 'miniflare';

export type WorkerOptions = V4WorkerOptions;
import type { BindingRecord, VersionRecord } from '../state/model.js';

type ModuleType = 'ESModule' | 'CommonJS' | 'Text' | 'Data' | 'CompiledWasm' | 'PythonModule';

/** Cloudflare's multipart content types for modules, as workerd module types. */
const MODULE_TYPES: Record<string, ModuleType> = {
  'application/javascript+module': 'ESModule',
  'application/javascript': 'CommonJS',
  'text/javascript': 'CommonJS',
  'application/wasm': 'CompiledWasm',
  'text/plain': 'Text',
  'application/octet-stream': 'Data',
  'text/x-python': 'PythonModule',
};

/** Binding types the emulator can run; anything else is refused at upload time. */
export const SUPPORTED_BINDING_TYPES = [
  'plain_text',
  'secret_text',
  'json',
  'd1',
  'kv_namespace',
  'r2_bucket',
  'service',
] as const;

export function moduleTypeFor(contentType: string): ModuleType | undefined {
  return MODULE_TYPES[contentType.split(';')[0]?.trim() ?? ''];
}

/** The workerd worker name for one version (several versions of a script run side by side). */
export function workerdName(version: Pick<VersionRecord, 'script' | 'id'>): string {
  return `${version.script}@${version.id}`;
}

/** workerd name serving `script` now, or undefined when it has no active deployment. */
export type ResolveService = (script: string) => string | undefined;

/** Miniflare options running one stored version with its bindings. */
export function workerOptionsFor(
  version: VersionRecord,
  moduleDir: string,
  resolveService: ResolveService,
  missingService: (script: string) => (request: Request) => Response,
): WorkerOptions {
  const bindings: Record<string, unknown> = {};
  const d1Databases: Record<string, string> = {};
  const kvNamespaces: Record<string, string> = {};
  const r2Buckets: Record<string, string> = {};
  const serviceBindings: Record<string, unknown> = {};

  for (const binding of version.bindings) {
    switch (binding.type) {
      case 'plain_text':
      case 'secret_text':
        bindings[binding.name] = String(binding.text ?? '');
        break;
      case 'json':
        bindings[binding.name] = binding.json;
        break;
      case 'd1':
        d1Databases[binding.name] = d1Id(binding);
        break;
      case 'kv_namespace':
        kvNamespaces[binding.name] = String(binding.namespace_id);
        break;
      case 'r2_bucket':
        r2Buckets[binding.name] = String(binding.bucket_name);
        break;
      case 'service': {
        const target = String(binding.service);
        const name = resolveService(target);
        if (name === undefined) serviceBindings[binding.name] = missingService(target);
        else if (typeof binding.entrypoint === 'string')
          serviceBindings[binding.name] = { name, entrypoint: binding.entrypoint };
        else serviceBindings[binding.name] = name;
        break;
      }
    }
  }

  const common = {
    name: workerdName(version),
    compatibilityDate: version.compatibilityDate ?? '2024-01-01',
    compatibilityFlags: version.compatibilityFlags,
    bindings: bindings as V4WorkerOptions['bindings'],
    d1Databases,
    kvNamespaces,
    r2Buckets,
    serviceBindings: serviceBindings as V4WorkerOptions['serviceBindings'],
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  };

  if (version.format === 'service-worker') {
    const main = version.modules.find((m) => m.name === version.mainModule);
    return {
      ...common,
      scriptPath: join(moduleDir, main?.file ?? version.mainModule),
    } as WorkerOptions;
  }
  // The main module must come first.
  const ordered = [...version.modules].sort(
    (a, b) => Number(b.name === version.mainModule) - Number(a.name === version.mainModule),
  );
  const modules = ordered.flatMap((m) => {
    const type = moduleTypeFor(m.contentType);
    return type ? [{ type, path: join(moduleDir, m.file) }] : [];
  });
  return { ...common, modulesRoot: moduleDir, modules } as WorkerOptions;
}

export function d1Id(binding: BindingRecord): string {
  return String(binding.id ?? binding.database_id ?? '');
}

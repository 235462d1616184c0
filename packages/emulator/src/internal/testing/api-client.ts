import type { Emulator } from '../../server/emulator.js';

type Target = Pick<Emulator, 'apiBaseUrl' | 'apiToken' | 'accountId'>;

type Result = Record<string, unknown>;

export interface ApiClient {
  call(method: string, path: string, body?: RequestInit['body'], contentType?: string): Promise<Result>;
  /** First upload: a new version deployed at 100 %. */
  putScript(name: string, source: string, bindings?: unknown[]): Promise<Result>;
  uploadVersion(name: string, source: string, bindings?: unknown[]): Promise<string>;
  deploy(
    name: string,
    versions: { version_id: string; percentage: number }[],
    force?: boolean,
  ): Promise<Result>;
}

/** Minimal Cloudflare API calls for tests that need no wrangler round trip. */
export function apiClient(emulator: Target): ApiClient {
  const base = `${emulator.apiBaseUrl}/accounts/${emulator.accountId}`;
  const call = async (method: string, path: string, body?: RequestInit['body'], contentType?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${emulator.apiToken}` };
    if (contentType) headers['content-type'] = contentType;
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const envelope = (await response.json()) as { success: boolean; result: unknown; errors: unknown[] };
    if (!envelope.success) throw new Error(`${method} ${path}: ${JSON.stringify(envelope.errors)}`);
    return envelope.result as Record<string, unknown>;
  };
  const form = (source: string, bindings: unknown[] = []) => {
    const data = new FormData();
    data.set(
      'metadata',
      JSON.stringify({ main_module: 'index.js', compatibility_date: '2025-01-01', bindings }),
    );
    data.set('index.js', new Blob([source], { type: 'application/javascript+module' }), 'index.js');
    return data;
  };
  return {
    call,
    /** First upload: a new version deployed at 100 %. */
    putScript: (name: string, source: string, bindings?: unknown[]) =>
      call('PUT', `/workers/scripts/${name}`, form(source, bindings)),
    uploadVersion: async (name: string, source: string, bindings?: unknown[]) =>
      (await call('POST', `/workers/scripts/${name}/versions`, form(source, bindings))).id as string,
    deploy: (name: string, versions: { version_id: string; percentage: number }[], force = false) =>
      call(
        'POST',
        `/workers/scripts/${name}/deployments${force ? '?force=true' : ''}`,
        JSON.stringify({ strategy: 'percentage', versions }),
        'application/json',
      ),
  };
}

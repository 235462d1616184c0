import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalSecretStore } from '@clodo/security';

/**
 * The file holding a service's secrets for an environment, the one `localSecrets` and wrangler read:
 * `.dev.vars.<env>` when it exists, else `.dev.vars` for development, else a new `.dev.vars.<env>`.
 */
export function localSecretsFile(serviceDir: string, environment: string): string {
  const specific = join(serviceDir, `.dev.vars.${environment}`);
  if (existsSync(specific) || environment !== 'development') return specific;
  return join(serviceDir, '.dev.vars');
}

export async function openLocalStore(
  serviceDir: string,
  environment: string,
  warn: (text: string) => void,
): Promise<LocalSecretStore> {
  const { LocalSecretStore } = await import('@clodo/security');
  return new LocalSecretStore({ path: localSecretsFile(serviceDir, environment), warn });
}

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';

/** The wrangler this package depends on (never a global one): path of its `bin/wrangler.js`. */
export function resolveWranglerBin(): string {
  return join(wranglerPackageDir(), 'bin', 'wrangler.js');
}

/**
 * Wrangler's CLI module (`wrangler-dist/cli.js`), the script `bin/wrangler.js` starts in a second
 * Node process. Running it directly saves that process (about 0.1 s CPU per command here).
 */
export function resolveWranglerCli(): string {
  return join(wranglerPackageDir(), 'wrangler-dist', 'cli.js');
}

function wranglerPackageDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve('wrangler/package.json'));
  } catch (error) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.WRANGLER_NOT_FOUND,
      `wrangler is not installed next to @clodo/deployment (${(error as Error).message})`,
    );
  }
}

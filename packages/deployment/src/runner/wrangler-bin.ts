import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';

/** The wrangler this package depends on (never a global one): path of its `bin/wrangler.js`. */
export function resolveWranglerBin(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');
  } catch (error) {
    throw new DeploymentError(
      DEPLOYMENT_ERRORS.WRANGLER_NOT_FOUND,
      `wrangler is not installed next to @clodo/deployment (${(error as Error).message})`,
    );
  }
}

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

/**
 * Node flags for every wrangler process. `--no-warnings` is what wrangler's own launcher passes. A
 * wrangler run is mostly one thread loading a 15 MB CLI module; V8's helper threads (a pool of four,
 * parallel garbage collection) add CPU without saving time once several wranglers share a few cores,
 * so garbage collection stays on the main thread and the pool keeps one thread.
 */
export const WRANGLER_NODE_FLAGS: readonly string[] = [
  '--no-warnings',
  '--single-threaded-gc',
  '--v8-pool-size=1',
];

/** The oldest Node wrangler runs on; its launcher checks this, which starting cli.js directly skips. */
export const WRANGLER_MIN_NODE = '22.12.0';

/**
 * Rejects a Node older than {@link WRANGLER_MIN_NODE} with one clear error, as wrangler's own launcher
 * would, instead of letting wrangler fail obscurely inside its CLI module.
 */
export function assertWranglerNode(version: string): void {
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = WRANGLER_MIN_NODE.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a > b) return;
    if (a < b) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.WRANGLER_NODE_UNSUPPORTED,
        `wrangler needs Node ${WRANGLER_MIN_NODE} or newer; this is Node ${version.replace(/^v/, '')}`,
      );
    }
  }
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

import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import { assertWranglerNode, WRANGLER_MIN_NODE } from './wrangler-bin.js';

describe('assertWranglerNode', () => {
  it('accepts the minimum and anything newer', () => {
    for (const version of [WRANGLER_MIN_NODE, 'v22.12.0', '22.23.3', '23.0.0', '24.1.0']) {
      expect(() => assertWranglerNode(version)).not.toThrow();
    }
  });

  it('rejects an older Node with one clear error naming both versions', () => {
    for (const version of ['22.11.9', 'v20.19.0', '22.0.0']) {
      let caught: unknown;
      try {
        assertWranglerNode(version);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DeploymentError);
      expect((caught as DeploymentError).code).toBe(DEPLOYMENT_ERRORS.WRANGLER_NODE_UNSUPPORTED);
      expect((caught as DeploymentError).message).toBe(
        `wrangler needs Node 22.12.0 or newer; this is Node ${version.replace(/^v/, '')}`,
      );
    }
  });
});

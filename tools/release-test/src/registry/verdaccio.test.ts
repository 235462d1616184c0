import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startVerdaccio } from './verdaccio.ts';

describe('the loopback Verdaccio', () => {
  it('serves only what was published to it, and is gone with its storage after stop', async () => {
    const registry = await startVerdaccio();
    try {
      expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const missing = await fetch(`${registry.url}@clodo%2fconfig`);
      expect(missing.status).toBe(404);
      // No uplinks: a package from the public registry is not proxied.
      expect((await fetch(`${registry.url}zod`)).status).toBe(404);
    } finally {
      await registry.stop();
    }
    expect(existsSync(registry.home)).toBe(false);
    await expect(fetch(`${registry.url}-/ping`)).rejects.toThrow();
    await registry.stop();
  }, 60_000);
});

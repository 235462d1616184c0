import { describe, expect, it } from 'vitest';
import { SecurityCLI } from './security-cli.js';

describe('SecurityCLI', () => {
  it('generates distinct keys per service', () => {
    const keys = new SecurityCLI().generateKeys(['orders', 'billing']);
    expect(Object.keys(keys).sort()).toEqual(['billing', 'orders']);
    expect(JSON.stringify(keys.orders)).not.toBe(JSON.stringify(keys.billing));
  });

  it('blocks production with a placeholder secret and never echoes the value', () => {
    const report = new SecurityCLI().checkDeploymentReadiness({
      environment: 'production',
      secrets: { JWT_SECRET: 'changeme-placeholder-value' },
    });
    expect(report.ready).toBe(false);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toContain('changeme-placeholder-value');
  });

  it('passes production with a strong secret', () => {
    const cli = new SecurityCLI();
    const value = cli.generateKeys(['svc']).svc?.jwtSecret ?? '';
    expect(
      cli.checkDeploymentReadiness({ environment: 'production', secrets: { JWT_SECRET: value } }).ready,
    ).toBe(true);
  });
});

import { parseConfig } from '@clodo/config';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../secrets/generate.js';
import { securityInputForUnit } from './config-input.js';
import { evaluateSecurityRules } from './evaluate.js';

const config = parseConfig({
  account: { id: '0123456789abcdef0123456789abcdef' },
  domain: 'example.com',
  environments: {
    development: { vars: { LOG_LEVEL: 'debug' } },
    staging: { vars: { LOG_LEVEL: 'info' } },
    production: { vars: { LOG_LEVEL: 'warn', UPSTREAM: 'http://10.0.0.5/api' } },
  },
  services: [
    {
      name: 'orders',
      path: 'services/orders',
      auth: { type: 'api-key', header: 'X-API-Key', secret: 'ORDERS_API_KEY' },
      environments: { production: { vars: { DEBUG: 'true' } } },
    },
  ],
  customers: [
    { name: 'acme', domain: 'acme.com', environments: { production: { vars: { LOG_LEVEL: 'trace' } } } },
  ],
});

describe('securityInputForUnit', () => {
  it('judges a unit of a real config: merged vars, its URL and the secret its auth needs', () => {
    const input = securityInputForUnit(config, { service: 'orders', environment: 'production' });
    expect(input.urls).toEqual({ service: expect.stringMatching(/^https:\/\//) });
    const findings = evaluateSecurityRules(input).map((f) => `${f.severity} ${f.rule} ${f.path}`);
    expect(findings).toEqual([
      'critical secret-empty orders@production.secrets.ORDERS_API_KEY',
      'critical insecure-url orders@production.vars.UPSTREAM',
      'critical local-url orders@production.vars.UPSTREAM',
      'high debug-flag orders@production.vars.DEBUG',
    ]);
  });

  it('uses customer overrides and the secrets given', () => {
    const input = securityInputForUnit(
      config,
      { service: 'orders', environment: 'production', customer: 'acme' },
      { secrets: { ORDERS_API_KEY: generateApiKey('orders') } },
    );
    expect(input.vars).toMatchObject({ LOG_LEVEL: 'trace', CLODO_CUSTOMER: 'acme' });
    const findings = evaluateSecurityRules(input).map((f) => `${f.rule} ${f.path}`);
    expect(findings).toContain('debug-flag orders@production/acme.vars.LOG_LEVEL');
    expect(findings.some((f) => f.startsWith('secret-'))).toBe(false);
  });

  it('names an unknown unit', () => {
    expect(() => securityInputForUnit(config, { service: 'billing', environment: 'production' })).toThrow(
      /billing/,
    );
  });
});

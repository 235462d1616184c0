import { describe, expect, test } from 'vitest';
import {
  customerApiHostname,
  customerDomains,
  resolveCustomer,
  unitVars,
  withCustomer,
} from '../customers.js';
import { ConfigError, defineConfig } from '../index.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';

const config = defineConfig({
  account: { id: ACCOUNT },
  domain: 'example.com',
  environments: {
    development: {},
    staging: { vars: { LEVEL: 'staging' } },
    production: { vars: { LEVEL: 'prod' } },
  },
  services: [
    { name: 'users', path: 'services/users', vars: { LIMIT: 10 } },
    { name: 'billing', path: 'services/billing', route: { subdomain: 'billing' } },
  ],
  customers: [
    {
      name: 'acme',
      domain: 'acme.com',
      accountId: OTHER,
      vars: { TENANT: 'acme', LIMIT: 50 },
      services: ['users'],
      environments: { staging: { domain: 'acme-test.com', vars: { LIMIT: 5 } } },
    },
    { name: 'globex', domain: 'shop.globex.co.uk', zone: 'globex.co.uk' },
  ],
});

describe('customer domains', () => {
  test('api.<domain> in production, <env>-api.<domain> elsewhere', () => {
    expect(customerApiHostname('acme.com', 'production')).toBe('api.acme.com');
    expect(customerApiHostname('acme.com', 'staging')).toBe('staging-api.acme.com');
    expect(() => customerApiHostname('localhost', 'production')).toThrow(/domain: is not a valid hostname/);
  });

  test('per environment, with the per-customer domain override; local environments have none', () => {
    expect(customerDomains(config, 'acme')).toEqual({
      staging: 'staging-api.acme-test.com',
      production: 'api.acme.com',
    });
    expect(customerDomains(config, 'globex')).toEqual({
      staging: 'staging-api.shop.globex.co.uk',
      production: 'api.shop.globex.co.uk',
    });
    expect(() => customerDomains(config, 'initech')).toThrow(
      /unknown customer "initech" \(hint: known: acme, globex\)/,
    );
  });
});

describe('resolveCustomer', () => {
  test('merges the environment override over the customer', () => {
    expect(resolveCustomer(config, 'acme', 'staging')).toEqual({
      name: 'acme',
      environment: 'staging',
      domain: 'acme-test.com',
      zone: 'acme-test.com',
      hostname: 'staging-api.acme-test.com',
      accountId: OTHER,
      vars: { TENANT: 'acme', LIMIT: 5 },
      services: ['users'],
    });
    expect(resolveCustomer(config, 'globex', 'production')).toMatchObject({
      zone: 'globex.co.uk',
      accountId: ACCOUNT,
      services: ['users', 'billing'],
    });
    expect(() => resolveCustomer(config, 'acme', 'qa')).toThrow(/unknown environment "qa"/);
  });

  test('unit vars: environment < service < customer < customer override, plus built-ins', () => {
    expect(unitVars(config, { service: 'users', environment: 'staging', customer: 'acme' })).toEqual({
      LEVEL: 'staging',
      LIMIT: 5,
      TENANT: 'acme',
      CLODO_SERVICE: 'users',
      CLODO_ENVIRONMENT: 'staging',
      CLODO_CUSTOMER: 'acme',
    });
    expect(unitVars(config, { service: 'users', environment: 'production' })).toMatchObject({
      LEVEL: 'prod',
      LIMIT: 10,
    });
  });
});

describe('withCustomer', () => {
  test('adds a validated customer and leaves the original untouched', () => {
    const next = withCustomer(config, { name: 'initech', domain: 'initech.io' });
    expect(next.customers.map((c) => c.name)).toEqual(['acme', 'globex', 'initech']);
    expect(config.customers).toHaveLength(2);
    expect(Object.isFrozen(next.customers[2])).toBe(true);
  });

  test('duplicates and invalid entries are reported with their path', () => {
    expect(() => withCustomer(config, { name: 'acme', domain: 'acme.org' })).toThrow(
      /customers\[0\]\.name: customer "acme" already exists/,
    );
    expect(
      withCustomer(config, { name: 'acme', domain: 'acme.org' }, { replace: true }).customers[0]!.domain,
    ).toBe('acme.org');
    let caught: unknown;
    try {
      withCustomer(config, { name: 'initech', domain: 'globex.co', services: ['user'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      { path: 'customers[2].services[0]', message: 'unknown service "user"', hint: 'did you mean "users"?' },
    ]);
  });
});

import { describe, expect, test } from 'vitest';
import {
  ConfigError,
  databaseName,
  defineConfig,
  resourceName,
  serviceHostname,
  serviceUrl,
  workerName,
} from '../index.js';

const config = defineConfig({
  account: { id: '0123456789abcdef0123456789abcdef' },
  domain: 'example.com',
  environments: {
    development: {},
    staging: {},
    production: {},
    qa: { domain: 'qa-zone.dev', hostPrefix: 'qa' },
  },
  services: [
    { name: 'users', path: 'services/users', route: { subdomain: 'users' } },
    { name: 'api', path: 'services/api', route: { path: '/v1' } },
    { name: 'jobs', path: 'services/jobs', route: false },
  ],
  customers: [
    { name: 'acme', domain: 'acme.com', environments: { staging: { domain: 'acme-test.com' } } },
    { name: 'globex', domain: 'shop.globex.co.uk', zone: 'globex.co.uk' },
  ],
});

describe('workerName', () => {
  test.each([
    [{ service: 'users', environment: 'production' }, 'users'],
    [{ service: 'users', environment: 'staging' }, 'users-staging'],
    [{ service: 'users', environment: 'production', customer: 'acme' }, 'users-acme'],
    [{ service: 'users', environment: 'staging', customer: 'acme' }, 'users-acme-staging'],
  ])('%o → %s', (unit, expected) => {
    expect(workerName(unit)).toBe(expected);
  });

  test('rejects bad arguments naming the argument', () => {
    expect(() => workerName({ service: 'Users', environment: 'production' })).toThrow(
      /service: is not a valid service name/,
    );
    expect(() => workerName({ service: 'users', environment: '' })).toThrow(/environment/);
    expect(() => workerName({ service: 'users', environment: 'staging', customer: 'A B' })).toThrow(
      ConfigError,
    );
  });
});

describe('databaseName', () => {
  test.each([
    [{ service: 'users', environment: 'production' }, 'users'],
    [{ service: 'users', environment: 'development' }, 'users-development'],
    [{ service: 'users', environment: 'staging', customer: 'acme' }, 'users-acme-staging'],
    [
      { service: 'users', environment: 'production', database: 'audit', customer: 'acme' },
      'users-audit-acme',
    ],
  ])('%o → %s', (unit, expected) => {
    expect(databaseName(unit)).toBe(expected);
  });
});

test('resourceName shares the environment and customer rule', () => {
  expect(resourceName({ base: 'jobs', environment: 'production' })).toBe('jobs');
  expect(resourceName({ base: 'jobs', environment: 'staging', customer: 'acme' })).toBe('jobs-acme-staging');
});

describe('serviceHostname / serviceUrl', () => {
  test.each([
    ['users', 'production', undefined, 'users.example.com', 'https://users.example.com'],
    ['users', 'staging', undefined, 'staging-users.example.com', 'https://staging-users.example.com'],
    ['api', 'production', undefined, 'api.example.com', 'https://api.example.com/v1'],
    ['api', 'staging', undefined, 'staging-api.example.com', 'https://staging-api.example.com/v1'],
    ['api', 'qa', undefined, 'qa.qa-zone.dev', 'https://qa.qa-zone.dev/v1'],
    ['api', 'production', 'acme', 'api.acme.com', 'https://api.acme.com/v1'],
    ['api', 'staging', 'acme', 'staging-api.acme-test.com', 'https://staging-api.acme-test.com/v1'],
    ['api', 'production', 'globex', 'api.shop.globex.co.uk', 'https://api.shop.globex.co.uk/v1'],
    ['api', 'development', undefined, undefined, undefined],
    ['jobs', 'production', undefined, undefined, undefined],
  ])('%s in %s for %s → %s', (service, environment, customer, host, url) => {
    const unit = { service, environment, ...(customer ? { customer } : {}) };
    expect(serviceHostname(config, unit)).toBe(host);
    expect(serviceUrl(config, unit)).toBe(url);
  });

  test('unknown names are argument errors with the known ones as hint', () => {
    expect(() => serviceHostname(config, { service: 'billing', environment: 'production' })).toThrow(
      /service: unknown service "billing" \(hint: known: users, api, jobs\)/,
    );
    expect(() => serviceHostname(config, { service: 'api', environment: 'prod' })).toThrow(
      /unknown environment "prod"/,
    );
    expect(() =>
      serviceHostname(config, { service: 'api', environment: 'production', customer: 'x' }),
    ).toThrow(/unknown customer "x"/);
  });

  test('no domain configured → no hostname', () => {
    const bare = defineConfig({
      account: { id: '0123456789abcdef0123456789abcdef' },
      services: [{ name: 'api', path: 'a' }],
    });
    expect(serviceHostname(bare, { service: 'api', environment: 'production' })).toBeUndefined();
  });
});

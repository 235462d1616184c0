import { describe, expect, test } from 'vitest';
import { ConfigError, defineConfig, dependencyOrder, deploymentUnits, orderServices } from '../index.js';

const ACCOUNT = '0123456789abcdef0123456789abcdef';

describe('dependencyOrder', () => {
  test('dependencies first, declaration order on ties', () => {
    const { order, cycles } = dependencyOrder([
      { name: 'api', dependsOn: ['users', 'auth'] },
      { name: 'web', dependsOn: [] },
      { name: 'users', dependsOn: ['auth'] },
      { name: 'auth', dependsOn: [] },
    ]);
    expect(order).toEqual(['web', 'auth', 'users', 'api']);
    expect(cycles).toEqual([]);
  });

  test('each cycle reported once, nodes behind it left out', () => {
    const { order, cycles } = dependencyOrder([
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['c'] },
      { name: 'c', dependsOn: ['a'] },
      { name: 'd', dependsOn: ['a'] },
      { name: 'e', dependsOn: [] },
      { name: 'f', dependsOn: ['f'] },
    ]);
    expect(order).toEqual(['e']);
    expect(cycles).toEqual([
      ['a', 'b', 'c', 'a'],
      ['f', 'f'],
    ]);
  });
});

describe('orderServices', () => {
  test('orders a validated config', () => {
    const config = defineConfig({
      account: { id: ACCOUNT },
      services: [
        { name: 'api', path: 'a', dependsOn: ['users'] },
        { name: 'users', path: 'u' },
      ],
    });
    expect(orderServices(config).map((s) => s.name)).toEqual(['users', 'api']);
  });

  test('a hand-built config with a cycle is a ConfigError naming the cycle', () => {
    const services = [
      { name: 'aa', dependsOn: ['bb'] },
      { name: 'bb', dependsOn: ['aa'] },
    ];
    expect(() => orderServices({ services } as never)).toThrow(ConfigError);
    expect(() => orderServices({ services } as never)).toThrow(
      /services\[0\]\.dependsOn: dependency cycle: aa → bb → aa/,
    );
  });
});

describe('deploymentUnits', () => {
  const config = defineConfig({
    account: { id: ACCOUNT },
    domain: 'example.com',
    services: [
      { name: 'api', path: 'a', dependsOn: ['users'], route: { path: '/api' } },
      {
        name: 'users',
        path: 'u',
        features: { d1: [{ binding: 'DB' }, { binding: 'AUDIT', database: 'audit' }] },
      },
      { name: 'admin', path: 'm', route: { subdomain: 'admin' } },
    ],
    customers: [
      { name: 'acme', domain: 'acme.com' },
      { name: 'globex', domain: 'globex.com', services: ['users'] },
    ],
  });

  test('service × customer units in dependency order with derived names', () => {
    const units = deploymentUnits(config, 'staging');
    expect(units.map((u) => u.workerName)).toEqual([
      'users-staging',
      'users-acme-staging',
      'users-globex-staging',
      'api-staging',
      'api-acme-staging',
      'admin-staging',
      'admin-acme-staging',
    ]);
    expect(units[1]).toEqual({
      service: 'users',
      environment: 'staging',
      customer: 'acme',
      target: 'cloudflare',
      workerName: 'users-acme-staging',
      databases: { DB: 'users-acme-staging', AUDIT: 'users-audit-acme-staging' },
      hostname: 'staging-api.acme.com',
      url: 'https://staging-api.acme.com',
    });
  });

  test('development units target the emulator and have no public URL', () => {
    const units = deploymentUnits(config, 'development');
    expect(units.every((u) => u.target === 'local' && u.url === undefined)).toBe(true);
  });

  test('unknown environment is an argument error', () => {
    expect(() => deploymentUnits(config, 'prod')).toThrow(/environment: unknown environment "prod"/);
  });
});

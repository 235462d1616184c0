import { type ClodoConfig, defineConfig } from '../index.js';

/** A config using every feature, shared by the wrangler tests. */
export const ACCOUNT = '0123456789abcdef0123456789abcdef';
export const OTHER_ACCOUNT = 'fedcba9876543210fedcba9876543210';

export const sampleConfig: ClodoConfig = defineConfig({
  account: { id: ACCOUNT },
  domain: 'example.com',
  compatibilityDate: '2025-06-01',
  environments: {
    development: { vars: { LOG_LEVEL: 'debug' } },
    staging: { vars: { LOG_LEVEL: 'info' } },
    production: { vars: { LOG_LEVEL: 'warn' } },
  },
  services: [
    {
      name: 'users',
      path: 'services/users',
      route: { path: '/users' },
      features: {
        d1: [
          { binding: 'DB' },
          { binding: 'AUDIT_DB', database: 'audit', migrationsDir: 'migrations/audit' },
        ],
        kv: [{ binding: 'SESSIONS' }],
        r2: [{ binding: 'AVATARS', bucket: 'avatars' }],
        queues: {
          producers: [{ binding: 'EVENTS', queue: 'user-events' }],
          consumers: [{ queue: 'user-events', maxBatchSize: 10, deadLetterQueue: 'user-events-dlq' }],
        },
        cron: ['*/5 * * * *'],
        durableObjects: [{ binding: 'COUNTER', className: 'Counter' }],
        services: [{ binding: 'AUTH', service: 'auth' }],
        ai: { binding: 'AI' },
      },
      models: ['@cf/meta/llama-3.1-8b-instruct'],
      vars: { FEATURE_X: true },
      dependsOn: ['auth'],
      environments: {
        production: { vars: { FEATURE_X: false }, features: { cron: ['0 * * * *'] } },
      },
    },
    { name: 'auth', path: 'services/auth', route: false },
  ],
  customers: [
    { name: 'acme', domain: 'acme.com', accountId: OTHER_ACCOUNT, vars: { TENANT: 'acme' } },
    { name: 'globex', domain: 'globex.com', services: ['users'] },
  ],
});

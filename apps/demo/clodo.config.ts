import { defineConfig } from '@clodo/config';

// The demo portfolio: `pnpm demo` scaffolds each service with `clodo create` into services/<name>.
export default defineConfig({
  name: 'clodo-demo',
  // Never used locally; a Cloudflare deploy (`--target cloudflare`) needs a real id and the token variable.
  account: { id: '00000000000000000000000000000000', apiTokenEnv: 'CLOUDFLARE_API_TOKEN' },
  environments: {
    development: { target: 'local' },
    production: { target: 'cloudflare' },
  },
  services: [
    {
      name: 'catalog',
      path: 'services/catalog',
      type: 'api',
      features: { d1: [{ binding: 'DB' }] },
      auth: { type: 'api-key', secret: 'API_KEY' },
    },
    {
      name: 'accounts',
      path: 'services/accounts',
      type: 'api',
      features: { d1: [{ binding: 'DB' }] },
      auth: { type: 'jwt', secret: 'JWT_SECRET', issuer: 'accounts' },
    },
    {
      name: 'gateway',
      path: 'services/gateway',
      type: 'api',
      dependsOn: ['catalog', 'accounts'],
      features: {
        services: [
          { binding: 'CATALOG', service: 'catalog' },
          { binding: 'ACCOUNTS', service: 'accounts' },
        ],
      },
      vars: { UPSTREAMS: 'catalog,accounts' },
    },
  ],
});

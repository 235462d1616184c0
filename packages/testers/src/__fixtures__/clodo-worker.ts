// A real Clodo data service, bundled with esbuild and run in workerd by the integration test.
import { type ClodoWorker, createService, defineModel, type Model } from '@clodo/services';

export const users: Model = defineModel({
  name: 'users',
  fields: {
    email: { type: 'text', required: true, unique: true, maxLength: 200 },
    name: { type: 'text', maxLength: 100 },
  },
});

const service: ClodoWorker = createService({
  name: 'users-service',
  version: '2.0.0',
  environment: 'production',
  models: [users],
  auth: {
    apiKeys: { keys: 'API_KEYS' },
    jwt: (env: Record<string, unknown>) => ({ secret: env.JWT_SECRET as string, audience: 'clodo-testers' }),
  },
  routes: (app) => app.get('/api/ping', (c) => c.json({ pong: true })),
});

export default service;

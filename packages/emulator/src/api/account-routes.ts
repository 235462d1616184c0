import type { Account } from './account.js';
import { json, type Router } from './router.js';

/** Identity and zone reads: one account, no zones (routes and custom domains need a zone). */
export function accountRoutes(router: Router, account: Account, accountId: string): void {
  const accountShape = { id: accountId, name: 'Clodo emulator account' };
  router.on('GET', '/accounts', () => json([accountShape]));
  router.on('GET', '/accounts/:accountId', () => json(accountShape));
  router.on('GET', '/memberships', () =>
    json([{ id: accountId, status: 'accepted', account: accountShape }]),
  );
  router.on('GET', '/user', () => json({ id: accountId, email: 'emulator@clodo.local' }));
  router.on('GET', '/user/tokens/verify', () => json({ id: 'clodo-emulator-token', status: 'active' }));
  router.on('GET', '/zones', (req) => ({
    kind: 'json',
    result: [],
    resultInfo: {
      page: Number(req.query.get('page') ?? 1),
      per_page: Number(req.query.get('per_page') ?? 50),
      count: 0,
      total_count: 0,
      total_pages: 0,
    },
  }));
  void account;
}

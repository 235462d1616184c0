import type { Account } from './account.js';
import { newTag } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { json, type Router } from './router.js';
import { jsonBody } from './workers-routes.js';

const N = '/accounts/:accountId/storage/kv/namespaces';

function shape(ns: { id: string; title: string }) {
  return { id: ns.id, title: ns.title, supports_url_encoding: true };
}

/** KV namespaces; their data lives in the same store the workers' KV bindings use. */
export function kvRoutes(router: Router, account: Account): void {
  router.on('GET', N, (req) => {
    const page = Number(req.query.get('page') ?? 1);
    const perPage = Number(req.query.get('per_page') ?? 20);
    const all = account.state.kv.map(shape);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    return {
      kind: 'json',
      result: slice,
      resultInfo: { page, per_page: perPage, count: slice.length, total_count: all.length },
    };
  });

  router.on('POST', N, (req) =>
    account.serialize(async () => {
      const title = jsonBody(req).title;
      if (typeof title !== 'string' || title.trim() === '') {
        throw new CfApiError(400, CF_CODES.VALIDATION, 'namespace "title" must be a non-empty string');
      }
      if (account.state.kv.some((ns) => ns.title === title)) {
        throw new CfApiError(
          400,
          CF_CODES.KV_TITLE_TAKEN,
          'a namespace with this account ID and title already exists',
        );
      }
      const ns = { id: newTag(), title };
      await account.activate((state) => {
        state.kv.push(ns);
      });
      return json(shape(ns));
    }),
  );

  router.on('GET', `${N}/:id`, (req) => {
    const ns = account.state.kv.find((n) => n.id === req.params.id);
    if (!ns) throw new CfApiError(404, CF_CODES.KV_NOT_FOUND, 'namespace not found');
    return json(shape(ns));
  });
}

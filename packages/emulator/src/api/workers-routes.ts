import { rm } from 'node:fs/promises';
import { type Account, addDeployment, versionsOf } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { type ApiRequest, json, type Router } from './router.js';
import { publicBindings, scriptShape } from './shapes.js';
import { createVersion, parseUpload } from './upload.js';

const A = '/accounts/:accountId';

function jsonBody(req: ApiRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const value = JSON.parse(req.body.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw new CfApiError(400, CF_CODES.BAD_REQUEST, 'The request body must be a JSON object');
}

export { jsonBody };

/** Scripts, services, settings and workers.dev routes. */
export function workersRoutes(router: Router, account: Account): void {
  router.on('GET', `${A}/workers/services/:name`, (req) => {
    const script = account.requireScript(req.params.name as string);
    const shape = scriptShape(script, account.currentVersion(script.name));
    return json({
      id: script.name,
      default_environment: {
        environment: 'production',
        created_on: script.createdOn,
        modified_on: script.modifiedOn,
        script: shape,
      },
      created_on: script.createdOn,
      modified_on: script.modifiedOn,
    });
  });

  router.on('GET', `${A}/workers/scripts`, () =>
    json(Object.values(account.state.scripts).map((s) => scriptShape(s, account.currentVersion(s.name)))),
  );

  // First deploy (or any deploy wrangler makes through the script API): a new version at 100 %.
  router.on('PUT', `${A}/workers/scripts/:name`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      const upload = await parseUpload(req);
      const draft = structuredClone(account.state);
      const created = await createVersion(account, draft, name, upload, 'upload');
      try {
        await account.activate((state) => {
          // Only this upload's records: other changes may have gone live since `draft` was taken.
          const script = draft.scripts[name];
          if (!state.scripts[name] && script) state.scripts[name] = structuredClone(script);
          state.versions[created.id] = {
            ...structuredClone(created),
            number: (versionsOf(state, name).at(-1)?.number ?? 0) + 1,
          };
          addDeployment(state, name, [{ version_id: created.id, percentage: 100 }], created.createdOn, {
            'workers/triggered_by': 'upload',
          });
        }, name);
      } catch (error) {
        // The refused version is not in the state; drop its module files too.
        await rm(account.store.moduleDir(created.id), { recursive: true, force: true });
        throw error;
      }
      const script = account.requireScript(name);
      return json({
        ...scriptShape(script, account.state.versions[created.id] ?? created),
        deployment_id: created.id,
        startup_time_ms: 0,
      });
    }),
  );

  const deleteWorker = (req: ApiRequest) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      account.requireScript(name);
      await account.activate((state) => {
        delete state.scripts[name];
        for (const [id, v] of Object.entries(state.versions)) {
          if (v.script === name) delete state.versions[id];
        }
        state.deployments = state.deployments.filter((d) => d.script !== name);
      }, name);
      return json(null);
    });
  router.on('DELETE', `${A}/workers/scripts/:name`, deleteWorker);
  router.on('DELETE', `${A}/workers/services/:name`, deleteWorker);

  // No Durable Object namespaces run here; wrangler lists them before deleting a worker.
  router.on('GET', `${A}/workers/durable_objects/namespaces`, () => ({
    kind: 'json',
    result: [],
    resultInfo: { page: 1, per_page: 1000, count: 0, total_count: 0, total_pages: 0 },
  }));

  for (const path of ['settings', 'script-settings']) {
    router.on('GET', `${A}/workers/scripts/:name/${path}`, (req) => {
      const script = account.requireScript(req.params.name as string);
      const version = account.currentVersion(script.name);
      return json({
        ...script.settings,
        ...(path === 'settings' && version
          ? {
              bindings: publicBindings(version),
              compatibility_date: version.compatibilityDate,
              compatibility_flags: version.compatibilityFlags,
            }
          : {}),
        logpush: script.settings.logpush ?? false,
        tail_consumers: script.settings.tail_consumers ?? null,
        observability: script.settings.observability ?? { enabled: false },
        tags: script.settings.tags ?? [],
      });
    });
    router.on('PATCH', `${A}/workers/scripts/:name/${path}`, (req) =>
      account.serialize(async () => {
        const name = req.params.name as string;
        account.requireScript(name);
        const isMultipart = (req.headers['content-type'] ?? '').startsWith('multipart/');
        if (isMultipart) {
          throw new CfApiError(
            501,
            CF_CODES.ROUTE_NOT_IMPLEMENTED,
            `The clodo emulator does not implement multipart PATCH /client/v4${req.path}`,
          );
        }
        const body = jsonBody(req);
        const settings = await account.store.update((draft) => {
          const script = draft.scripts[name];
          if (!script) return {};
          for (const [key, value] of Object.entries(body)) {
            if (value !== undefined) script.settings[key] = value;
          }
          return script.settings;
        });
        return json(settings);
      }),
    );
  }

  router.on('GET', `${A}/workers/subdomain`, () => {
    if (!account.state.subdomain) {
      throw new CfApiError(
        404,
        CF_CODES.SUBDOMAIN_NOT_SET,
        'No workers.dev subdomain is registered for this account',
      );
    }
    return json({ subdomain: account.state.subdomain });
  });
  router.on('PUT', `${A}/workers/subdomain`, (req) =>
    account.serialize(async () => {
      const subdomain = jsonBody(req).subdomain;
      if (typeof subdomain !== 'string' || !/^[a-z0-9-]{1,63}$/.test(subdomain)) {
        throw new CfApiError(
          400,
          CF_CODES.VALIDATION,
          'subdomain must be 1-63 lowercase letters, digits or hyphens',
        );
      }
      await account.store.update((draft) => {
        draft.subdomain = subdomain;
      });
      return json({ subdomain });
    }),
  );

  router.on('GET', `${A}/workers/workers/:name`, (req) => {
    const script = account.requireScript(req.params.name as string);
    return json({
      id: script.tag,
      name: script.name,
      created_on: script.createdOn,
      updated_on: script.modifiedOn,
      subdomain: { enabled: script.workersDev, previews_enabled: script.previews },
      tags: script.settings.tags ?? [],
      observability: script.settings.observability ?? { enabled: false },
      logpush: script.settings.logpush ?? false,
    });
  });

  router.on('GET', `${A}/workers/scripts/:name/subdomain`, (req) => {
    const script = account.requireScript(req.params.name as string);
    return json({ enabled: script.workersDev, previews_enabled: script.previews });
  });
  router.on('POST', `${A}/workers/scripts/:name/subdomain`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      account.requireScript(name);
      const body = jsonBody(req);
      const result = await account.store.update((draft) => {
        const script = draft.scripts[name];
        if (!script) return { enabled: false, previews_enabled: false };
        if (typeof body.enabled === 'boolean') script.workersDev = body.enabled;
        if (typeof body.previews_enabled === 'boolean') script.previews = body.previews_enabled;
        return { enabled: script.workersDev, previews_enabled: script.previews };
      });
      return json(result);
    }),
  );
}

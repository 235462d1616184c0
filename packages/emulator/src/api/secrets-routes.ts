import type { BindingRecord } from '../state/model.js';
import { type Account, addDeployment, newId, versionsOf } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { json, type Router } from './router.js';
import { jsonBody } from './workers-routes.js';

const S = '/accounts/:accountId/workers/scripts/:name';

/**
 * Like Cloudflare, changing a secret makes a new version (the current one with the secret
 * changed) and deploys it to 100 %.
 */
async function deployWithSecrets(
  account: Account,
  script: string,
  change: (bindings: BindingRecord[]) => BindingRecord[],
): Promise<void> {
  const current = account.currentVersion(script);
  if (!current) {
    throw new CfApiError(404, CF_CODES.SCRIPT_NOT_FOUND, `Worker ${script} has no version to add secrets to`);
  }
  const id = newId();
  await account.store.copyModules(current.id, id);
  const createdOn = account.timestamp();
  await account.activate((state) => {
    state.versions[id] = {
      ...structuredClone(current),
      id,
      number: (versionsOf(state, script).at(-1)?.number ?? 0) + 1,
      createdOn,
      triggeredBy: 'secret',
      bindings: change(structuredClone(current.bindings)),
    };
    addDeployment(state, script, [{ version_id: id, percentage: 100 }], createdOn, {
      'workers/triggered_by': 'secret',
    });
  });
}

function secretList(account: Account, script: string) {
  return (account.currentVersion(script)?.bindings ?? [])
    .filter((b) => b.type === 'secret_text')
    .map((b) => ({ name: b.name, type: 'secret_text' }));
}

/** Worker secrets: values are write-only, lists show names. */
export function secretsRoutes(router: Router, account: Account): void {
  router.on('GET', `${S}/secrets`, (req) => {
    const name = req.params.name as string;
    account.requireScript(name);
    return json(secretList(account, name));
  });

  router.on('GET', `${S}/secrets/:secret`, (req) => {
    const name = req.params.name as string;
    account.requireScript(name);
    const found = secretList(account, name).find((s) => s.name === req.params.secret);
    if (!found) throw new CfApiError(404, CF_CODES.SECRET_NOT_FOUND, `Secret ${req.params.secret} not found`);
    return json(found);
  });

  router.on('PUT', `${S}/secrets`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      account.requireScript(name);
      const body = jsonBody(req);
      if (typeof body.name !== 'string' || body.name === '') {
        throw new CfApiError(400, CF_CODES.VALIDATION, 'secret "name" must be a non-empty string');
      }
      if (typeof body.text !== 'string') {
        throw new CfApiError(400, CF_CODES.VALIDATION, 'secret "text" must be a string');
      }
      const secretName = body.name;
      const text = body.text;
      await deployWithSecrets(account, name, (bindings) => [
        ...bindings.filter((b) => b.name !== secretName),
        { type: 'secret_text', name: secretName, text },
      ]);
      return json({ name: secretName, type: 'secret_text' });
    }),
  );

  // `wrangler secret bulk`: a merge patch, `null` deletes.
  router.on('PATCH', `${S}/secrets-bulk`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      account.requireScript(name);
      const patch = jsonBody(req).secrets;
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
        throw new CfApiError(
          400,
          CF_CODES.VALIDATION,
          '"secrets" must be an object of name to secret (or null)',
        );
      }
      const entries = Object.entries(patch as Record<string, unknown>);
      for (const [key, value] of entries) {
        if (value !== null && typeof (value as { text?: unknown }).text !== 'string') {
          throw new CfApiError(
            400,
            CF_CODES.VALIDATION,
            `secret "${key}" needs a string "text" (or null to delete it)`,
          );
        }
      }
      await deployWithSecrets(account, name, (bindings) => {
        const names = new Set(entries.map(([key]) => key));
        const kept = bindings.filter((b) => !(names.has(b.name) && b.type === 'secret_text'));
        const added = entries.flatMap(([key, value]) =>
          value === null ? [] : [{ type: 'secret_text', name: key, text: (value as { text: string }).text }],
        );
        return [...kept, ...added];
      });
      return json(secretList(account, name));
    }),
  );

  router.on('DELETE', `${S}/secrets/:secret`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      const secret = req.params.secret as string;
      account.requireScript(name);
      if (!secretList(account, name).some((s) => s.name === secret)) {
        throw new CfApiError(404, CF_CODES.SECRET_NOT_FOUND, `Secret ${secret} not found`);
      }
      await deployWithSecrets(account, name, (bindings) =>
        bindings.filter((b) => !(b.name === secret && b.type === 'secret_text')),
      );
      return json(null);
    }),
  );
}

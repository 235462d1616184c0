import type { AccountState, VersionRecord } from '../state/model.js';
import { type Account, addDeployment, versionsOf } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { json, type Router } from './router.js';
import { deploymentShape, versionShape } from './shapes.js';
import { createVersion, parseUpload } from './upload.js';
import { jsonBody } from './workers-routes.js';

const S = '/accounts/:accountId/workers/scripts/:name';

interface TrafficEntry {
  version_id: string;
  percentage: number;
}

function invalid(message: string): CfApiError {
  return new CfApiError(400, CF_CODES.DEPLOYMENT_INVALID, message);
}

/** Check a deployment body the way Cloudflare does: 1 or 2 known versions summing to 100 %. */
export function parseTraffic(
  state: AccountState,
  script: string,
  body: Record<string, unknown>,
): TrafficEntry[] {
  if (body.strategy !== 'percentage') throw invalid('strategy must be "percentage"');
  const versions = body.versions;
  if (!Array.isArray(versions) || versions.length === 0 || versions.length > 2) {
    throw invalid('versions must list one or two versions');
  }
  const traffic: TrafficEntry[] = [];
  for (const entry of versions as Record<string, unknown>[]) {
    const id = entry?.version_id;
    const percentage = entry?.percentage;
    if (typeof id !== 'string' || state.versions[id]?.script !== script) {
      throw new CfApiError(404, CF_CODES.VERSION_NOT_FOUND, `Version ${String(id)} of ${script} not found`);
    }
    if (typeof percentage !== 'number' || percentage < 0 || percentage > 100) {
      throw invalid(`percentage of version ${id} must be a number from 0 to 100`);
    }
    traffic.push({ version_id: id, percentage });
  }
  const total = traffic.reduce((sum, t) => sum + t.percentage, 0);
  if (Math.abs(total - 100) > 1e-9) throw invalid(`percentages must add up to 100 (got ${total})`);
  if (new Set(traffic.map((t) => t.version_id)).size !== traffic.length) {
    throw invalid('a version may appear only once in a deployment');
  }
  return traffic;
}

function secretValues(version: VersionRecord | undefined): Map<string, string> {
  return new Map(
    (version?.bindings ?? [])
      .filter((b) => b.type === 'secret_text')
      .map((b) => [b.name, String(b.text ?? '')]),
  );
}

/** Names of secrets that differ between two versions (added, removed or changed). */
export function changedSecrets(from: VersionRecord | undefined, to: VersionRecord | undefined): string[] {
  const a = secretValues(from);
  const b = secretValues(to);
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => a.get(n) !== b.get(n)).sort();
}

/** Versions and deployments (gradual rollouts, rollback). */
export function versionsRoutes(router: Router, account: Account): void {
  router.on('POST', `${S}/versions`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      const upload = await parseUpload(req);
      const draft = structuredClone(account.state);
      const version = await createVersion(account, draft, name, upload, 'upload');
      // Not deployed yet, so nothing new runs.
      // Only this version's records: a deployment may have gone live since `draft` was taken.
      await account.store.update((state) => {
        const script = draft.scripts[name];
        if (!state.scripts[name] && script) state.scripts[name] = script;
        state.versions[version.id] = {
          ...version,
          number: (versionsOf(state, name).at(-1)?.number ?? 0) + 1,
        };
      });
      account.expectDeployment(name);
      return json(versionShape(account.state.versions[version.id] ?? version));
    }),
  );

  router.on('GET', `${S}/versions`, (req) => {
    const name = req.params.name as string;
    account.requireScript(name);
    const items = versionsOf(account.state, name).reverse().map(versionShape);
    const page = Number(req.query.get('page') ?? 1);
    const perPage = Number(req.query.get('per_page') ?? 100);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    return {
      kind: 'json',
      result: { items: slice, latest: items[0] },
      resultInfo: { page, per_page: perPage, count: slice.length, total_count: items.length },
    };
  });

  router.on('GET', `${S}/versions/:versionId`, (req) => {
    const name = req.params.name as string;
    account.requireScript(name);
    const version = account.state.versions[req.params.versionId as string];
    if (!version || version.script !== name) {
      throw new CfApiError(
        404,
        CF_CODES.VERSION_NOT_FOUND,
        `Version ${req.params.versionId} of ${name} not found`,
      );
    }
    return json(versionShape(version));
  });

  router.on('GET', `${S}/deployments`, (req) => {
    const name = req.params.name as string;
    account.requireScript(name);
    const deployments = account.state.deployments
      .filter((d) => d.script === name)
      .reverse()
      .map(deploymentShape);
    return json({ deployments });
  });

  router.on('POST', `${S}/deployments`, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      account.requireScript(name);
      const body = jsonBody(req);
      const traffic = parseTraffic(account.state, name, body);
      const current = account.currentVersion(name);
      const single = traffic.length === 1 ? account.state.versions[traffic[0]?.version_id ?? ''] : undefined;
      const isRollback = single !== undefined && current !== undefined && single.number < current.number;
      if (isRollback && req.query.get('force') !== 'true') {
        const changed = changedSecrets(current, single);
        if (changed.length > 0) {
          throw new CfApiError(
            400,
            CF_CODES.ROLLBACK_SECRETS_CHANGED,
            `A rollback cannot be performed because secrets have been modified since the target version was deployed. The following secrets have changed: ${changed.join(', ')}`,
          );
        }
      }
      const annotations: Record<string, string> = {
        'workers/triggered_by': isRollback ? 'rollback' : 'promotion',
      };
      const bodyAnnotations = body.annotations as Record<string, unknown> | undefined;
      if (typeof bodyAnnotations?.['workers/message'] === 'string') {
        annotations['workers/message'] = bodyAnnotations['workers/message'];
      }
      const deployment = await account.activate(
        (state) => addDeployment(state, name, traffic, account.timestamp(), annotations),
        name,
      );
      return json(deploymentShape(deployment));
    }),
  );
}

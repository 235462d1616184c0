import type { PlannedCall, StepName } from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';
import type { UnitDeployment } from './deployment-toolkit-steps.js';

/** The exact commands and API calls each step makes through @clodo/deployment. */
export function describeStep(
  step: StepName,
  unit: DeploymentUnit,
  r: UnitDeployment,
  hasTests: boolean,
): PlannedCall[] {
  const env = r.wranglerEnv ? ` --env ${r.wranglerEnv}` : '';
  const cfg = ` --config ${r.configPath}${env}`;
  const worker = encodeURIComponent(r.workerName);
  const db = r.databaseName ?? '<database>';
  const api = (method: string, path: string): PlannedCall => ({
    kind: 'api',
    description: `${method} /accounts/:account${path}`,
    mutating: method !== 'GET' && !path.endsWith('/query'),
  });
  const wrangler = (args: string, mutating = true): PlannedCall => ({
    kind: 'command',
    description: `wrangler ${args}`,
    mutating,
  });
  const findDb = api('GET', `/d1/database?name=${encodeURIComponent(db)}&per_page=100`);
  const createDb = {
    ...api('POST', '/d1/database'),
    description: 'POST /accounts/:account/d1/database (only if missing)',
  };
  switch (step) {
    case 'validate':
      return r.validation?.checkBundle === false
        ? []
        : [wrangler(`deploy --dry-run --outdir <tmp>${cfg}`, false)];
    case 'read-version':
      return [api('GET', `/workers/scripts/${worker}/deployments`)];
    case 'backup':
      return [findDb, createDb, wrangler(`d1 export ${db} --remote --output <backup.sql>${cfg}`)];
    case 'migrate':
      return [
        findDb,
        createDb,
        api('POST', '/d1/database/<id>/query'),
        wrangler(`d1 migrations apply ${db} --remote${cfg}`),
        api('POST', '/d1/database/<id>/query'),
      ];
    case 'secrets':
      return [
        api('GET', `/workers/scripts/${worker}/secrets`),
        wrangler(
          `secret bulk --name ${r.workerName} --config ${r.configPath} (missing or rotated names; values on stdin)`,
        ),
        api('GET', `/workers/scripts/${worker}/secrets`),
      ];
    case 'deploy':
      return [
        wrangler(`deploy --config ${r.configPath} --name ${r.workerName}${env} --message <run>`),
        api('GET', `/workers/scripts/${worker}/deployments`),
      ];
    case 'health':
      return [{ kind: 'api', description: `GET <url of ${r.workerName}>/health`, mutating: false }];
    case 'tests':
      return hasTests
        ? [{ kind: 'api', description: `smoke tests against <url of ${r.workerName}>`, mutating: false }]
        : [];
    case 'rollback':
      return [
        api('GET', `/workers/scripts/${worker}/deployments`),
        wrangler(`rollback <version> --name ${r.workerName} --yes --message <reason>`),
      ];
    case 'upload-version':
      return [
        wrangler(`versions upload --config ${r.configPath} --name ${r.workerName}${env} --message <run>`),
        api('GET', `/workers/scripts/${worker}/versions`),
      ];
    case 'set-traffic':
      return [
        wrangler(
          `versions deploy <new>@<p>% <previous>@<100-p>% --config ${r.configPath}${env} --name ${r.workerName} --yes --message <step>`,
        ),
        api('GET', `/workers/scripts/${worker}/deployments`),
      ];
    case 'observe':
      return [
        {
          kind: 'api',
          description: `probe <url of ${r.workerName}> and read its per-version traffic counters`,
          mutating: false,
        },
        { kind: 'api', description: `GET <url of ${r.workerName}>/health`, mutating: false },
      ];
    default:
      return [
        {
          kind: 'command',
          description: `${step} ${unit.id}: not offered by @clodo/deployment`,
          mutating: true,
        },
      ];
  }
}

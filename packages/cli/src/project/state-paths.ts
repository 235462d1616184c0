import { join } from 'node:path';

/** Where a project's run states live (one JSON file per run, for `clodo audit` and resume). */
export const RUNS_DIR: string = join('.clodo', 'runs');
/** The deployment auditor's JSON-lines files (`DeploymentAuditor.forProject`). */
export const AUDIT_DIR: string = join('.clodo', 'audit');

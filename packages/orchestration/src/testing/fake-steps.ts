import type {
  DeployOutcome,
  DeploymentSteps,
  HealthOutcome,
  MigrateOutcome,
  PlannedCall,
  SecretsOutcome,
  StepName,
  TestOutcome,
  TrafficObservation,
  TrafficSplit,
  ValidationOutcome,
} from '../ports/deployment-steps.js';
import type { DeploymentUnit } from '../ports/deployment-unit.js';

/** Steps that change something; a dry run must call none of them. */
export const MUTATING_STEPS: ReadonlySet<StepName> = new Set<StepName>([
  'build',
  'backup',
  'migrate',
  'secrets',
  'remove-secrets',
  'deploy',
  'rollback',
  'upload-version',
  'set-traffic',
]);

export interface FakeCall {
  step: StepName;
  unit: string;
  mutating: boolean;
  args?: unknown;
  /** The call was made and failed (a scripted failure). */
  failed?: boolean;
}

/** Decides whether a step of a unit fails; return an Error (or message) to fail it. */
export type FailureRule = (step: StepName, unit: DeploymentUnit) => Error | string | undefined;

export interface FakeStepsOptions {
  /** Versions already live before the run, by unit id. */
  live?: Record<string, string>;
  /** Secrets each unit requires (names only; the fake stores no values). */
  secrets?: readonly string[];
  fail?: FailureRule;
  /** Real milliseconds each mutating step takes, so concurrent units overlap (default 0). */
  delayMs?: number;
  /** Validation findings per unit id or service. */
  findings?: Record<string, ValidationOutcome['findings']>;
  /** Error rate a version shows at a traffic percentage (gradual rollout). */
  errorRate?: (unit: DeploymentUnit, versionId: string, percentage: number) => number;
}

/**
 * An in-memory Cloudflare for orchestration tests: keeps each unit's live version, secrets and
 * traffic split, records every call in order, and fails the steps `fail` names. Published so users
 * can test their own orchestrator subclasses.
 */
export class FakeDeploymentSteps implements DeploymentSteps {
  readonly calls: FakeCall[] = [];
  /** The version serving 100 % per unit id (absent: never deployed or removed). */
  readonly live: Map<string, string> = new Map();
  readonly secretsOf: Map<string, Set<string>> = new Map();
  readonly traffic: Map<string, TrafficSplit[]> = new Map();
  /** Units between their first and last call of a pipeline, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  #active = new Set<string>();
  #counter = 0;
  readonly #options: FakeStepsOptions;

  constructor(options: FakeStepsOptions = {}) {
    this.#options = options;
    for (const [unit, version] of Object.entries(options.live ?? {})) this.live.set(unit, version);
  }

  /** Mutating calls made so far. */
  get mutatingCalls(): FakeCall[] {
    return this.calls.filter((c) => c.mutating);
  }

  /** Unit ids in the order their `deploy` (or `upload-version`) succeeded. */
  deployedOrder(): string[] {
    return this.calls
      .filter((c) => (c.step === 'deploy' || c.step === 'upload-version') && !c.failed)
      .map((c) => c.unit);
  }

  describe(step: StepName, unit: DeploymentUnit): PlannedCall[] {
    const name = `${unit.service}${unit.customer ? `-${unit.customer}` : ''}-${unit.environment}`;
    const mutating = MUTATING_STEPS.has(step);
    // Reads (GET) never change anything, whatever step makes them.
    const call = (kind: PlannedCall['kind'], description: string): PlannedCall => ({
      kind,
      description,
      mutating: mutating && !description.startsWith('GET '),
    });
    switch (step) {
      case 'validate':
        return [call('command', `wrangler deploy --dry-run --name ${name}`)];
      case 'read-version':
        return [call('api', `GET /accounts/:account/workers/scripts/${name}/deployments`)];
      case 'backup':
        return [call('command', `wrangler d1 export ${name} --remote --output <backup>`)];
      case 'migrate':
        return [call('command', `wrangler d1 migrations apply ${name} --remote`)];
      case 'secrets':
        return [
          call('api', `GET /accounts/:account/workers/scripts/${name}/secrets`),
          call('command', `wrangler secret bulk --name ${name} (values on stdin)`),
        ];
      case 'deploy':
        return [call('command', `wrangler deploy --name ${name}`)];
      case 'upload-version':
        return [call('command', `wrangler versions upload --name ${name}`)];
      case 'set-traffic':
        return [call('command', `wrangler versions deploy --name ${name} <new>@<p>% <old>@<100-p>%`)];
      case 'observe':
        return [call('api', `GET https://${name}/health`)];
      case 'health':
        return [call('api', `GET https://${name}/health`)];
      case 'tests':
        return [call('api', `GET https://${name}/ (smoke tests)`)];
      default:
        return [call('command', `${step} ${name}`)];
    }
  }

  async validate(unit: DeploymentUnit): Promise<ValidationOutcome> {
    await this.#call('validate', unit);
    const findings = this.#options.findings?.[unit.id] ?? this.#options.findings?.[unit.service] ?? [];
    return { ok: !findings.some((f) => f.severity === 'error'), findings };
  }

  async build(unit: DeploymentUnit): Promise<void> {
    await this.#call('build', unit);
  }

  async currentVersion(unit: DeploymentUnit): Promise<string | undefined> {
    await this.#call('read-version', unit);
    return this.live.get(unit.id);
  }

  async backupDatabase(unit: DeploymentUnit): Promise<{ ref: string }> {
    await this.#call('backup', unit);
    return { ref: `backups/${unit.id}.sql` };
  }

  async migrate(unit: DeploymentUnit): Promise<MigrateOutcome> {
    await this.#call('migrate', unit);
    return { applied: ['0001_init.sql'] };
  }

  async syncSecrets(unit: DeploymentUnit): Promise<SecretsOutcome> {
    await this.#call('secrets', unit);
    const have = this.secretsOf.get(unit.id) ?? new Set<string>();
    const created = (this.#options.secrets ?? []).filter((n) => !have.has(n));
    for (const name of created) have.add(name);
    this.secretsOf.set(unit.id, have);
    return { created, rotated: [] };
  }

  async removeSecrets(unit: DeploymentUnit, names: readonly string[]): Promise<void> {
    await this.#call('remove-secrets', unit, names);
    for (const name of names) this.secretsOf.get(unit.id)?.delete(name);
  }

  async deploy(unit: DeploymentUnit): Promise<DeployOutcome> {
    await this.#call('deploy', unit);
    const versionId = `v${++this.#counter}`;
    this.live.set(unit.id, versionId);
    return { versionId, url: `http://127.0.0.1/${unit.id}` };
  }

  async healthCheck(unit: DeploymentUnit, _url: string | undefined): Promise<HealthOutcome> {
    await this.#call('health', unit);
    return { healthy: true, status: 200 };
  }

  async runTests(unit: DeploymentUnit, _url: string | undefined): Promise<TestOutcome> {
    await this.#call('tests', unit);
    this.#leave(unit);
    return { passed: true, failures: [], total: 3 };
  }

  async rollback(unit: DeploymentUnit, toVersionId: string | undefined): Promise<void> {
    await this.#call('rollback', unit, toVersionId ?? null);
    if (toVersionId === undefined) this.live.delete(unit.id);
    else this.live.set(unit.id, toVersionId);
    this.traffic.delete(unit.id);
  }

  async uploadVersion(unit: DeploymentUnit): Promise<DeployOutcome> {
    await this.#call('upload-version', unit);
    return { versionId: `v${++this.#counter}`, url: `http://127.0.0.1/${unit.id}` };
  }

  async setTraffic(unit: DeploymentUnit, split: readonly TrafficSplit[]): Promise<void> {
    await this.#call('set-traffic', unit, split);
    this.traffic.set(
      unit.id,
      split.map((s) => ({ ...s })),
    );
    const full = split.find((s) => s.percentage === 100);
    if (full) this.live.set(unit.id, full.versionId);
  }

  async observe(unit: DeploymentUnit, versionId: string): Promise<TrafficObservation> {
    await this.#call('observe', unit, versionId);
    const percentage = this.traffic.get(unit.id)?.find((s) => s.versionId === versionId)?.percentage ?? 0;
    const errorRate = this.#options.errorRate?.(unit, versionId, percentage) ?? 0;
    return { healthy: errorRate < 0.5, errorRate, requests: 1000 };
  }

  async #call(step: StepName, unit: DeploymentUnit, args?: unknown): Promise<void> {
    if (
      !this.#active.has(unit.id) &&
      step !== 'validate' &&
      step !== 'rollback' &&
      step !== 'remove-secrets'
    ) {
      this.#active.add(unit.id);
      this.inFlight = this.#active.size;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    }
    const mutating = MUTATING_STEPS.has(step);
    if (mutating && this.#options.delayMs) await new Promise((r) => setTimeout(r, this.#options.delayMs));
    const failure = this.#options.fail?.(step, unit);
    this.calls.push({
      step,
      unit: unit.id,
      mutating,
      ...(args !== undefined ? { args } : {}),
      ...(failure !== undefined ? { failed: true } : {}),
    });
    if (failure !== undefined) {
      this.#leave(unit);
      throw typeof failure === 'string' ? new Error(failure) : failure;
    }
  }

  #leave(unit: DeploymentUnit): void {
    this.#active.delete(unit.id);
    this.inFlight = this.#active.size;
  }
}

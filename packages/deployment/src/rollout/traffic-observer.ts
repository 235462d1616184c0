import { requireStrings } from '../context.js';
import { DEPLOYMENT_ERRORS, DeploymentError } from '../errors.js';
import type { DeploymentTarget, VersionTrafficCount } from '../targets/target.js';

export interface TrafficObserverOptions {
  target: Pick<DeploymentTarget, 'kind' | 'traffic'>;
  fetch?: typeof fetch;
  /** Per probe request (default 5000 ms). */
  requestTimeoutMs?: number;
}

/** A worker's traffic counters at one moment; observations count what happened after it. */
export interface TrafficBaseline {
  workerName: string;
  counts: VersionTrafficCount[];
}

export interface ObserveRequest {
  workerName: string;
  /** The version being judged (the new one in a split). */
  versionId: string;
  /** Where the worker answers; probes go to `url` + `probePath`. */
  url: string;
  /** Count from here (e.g. taken right after the split was set); default: now. */
  since?: TrafficBaseline;
  /** Path probed (default `/`). */
  probePath?: string;
  /** Requests the version must have answered before judging it (default 20). */
  minRequests?: number;
  /** Most probe requests sent (default 400); organic traffic counts too. */
  maxProbes?: number;
}

export interface TrafficObservation {
  workerName: string;
  versionId: string;
  /** Requests `versionId` answered since the baseline (probes and any other traffic). */
  requests: number;
  /** Of those, answers with status >= 500 or none at all. */
  errors: number;
  /** errors ÷ requests (0 when there were none). */
  errorRate: number;
  probesSent: number;
  /** Whether `requests` reached `minRequests`, so the rate means something. */
  enough: boolean;
}

/**
 * Judges one version of a worker by the traffic it really answered: the target's per-version
 * counters (the local emulator counts every request its weighted split routes), topped up with
 * probe requests until the version has seen enough of them.
 */
export class TrafficObserver {
  readonly #target: TrafficObserverOptions['target'];
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: TrafficObserverOptions) {
    if (!options?.target) {
      throw new DeploymentError(DEPLOYMENT_ERRORS.INVALID_ARGUMENT, 'target: required');
    }
    this.#target = options.target;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.requestTimeoutMs ?? 5000;
  }

  /** Whether the target reports per-version traffic at all. */
  get supported(): boolean {
    return typeof this.#target.traffic === 'function';
  }

  async baseline(workerName: string): Promise<TrafficBaseline> {
    return { workerName, counts: await this.#counts(workerName) };
  }

  async observe(request: ObserveRequest): Promise<TrafficObservation> {
    requireStrings(request, ['workerName', 'versionId', 'url']);
    const minRequests = request.minRequests ?? 20;
    const maxProbes = request.maxProbes ?? 400;
    if (!Number.isInteger(minRequests) || minRequests < 1) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        'request.minRequests: expected an integer >= 1',
      );
    }
    if (!Number.isInteger(maxProbes) || maxProbes < 0) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        'request.maxProbes: expected an integer >= 0',
      );
    }
    let probeUrl: string;
    try {
      const parsed = new URL(request.url);
      parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}${request.probePath ?? '/'}`;
      probeUrl = parsed.toString();
    } catch {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        `request.url: "${request.url}" is not a URL`,
      );
    }
    const since = request.since?.counts ?? (await this.#counts(request.workerName));
    let seen = delta(since, await this.#counts(request.workerName), request.versionId);
    let probesSent = 0;
    while (seen.requests < minRequests && probesSent < maxProbes) {
      const batch = Math.min(8, maxProbes - probesSent);
      await Promise.all(Array.from({ length: batch }, () => this.#probe(probeUrl)));
      probesSent += batch;
      seen = delta(since, await this.#counts(request.workerName), request.versionId);
    }
    return {
      workerName: request.workerName,
      versionId: request.versionId,
      requests: seen.requests,
      errors: seen.errors,
      errorRate: seen.requests === 0 ? 0 : seen.errors / seen.requests,
      probesSent,
      enough: seen.requests >= minRequests,
    };
  }

  async #counts(workerName: string): Promise<VersionTrafficCount[]> {
    if (!this.#target.traffic) {
      throw new DeploymentError(
        DEPLOYMENT_ERRORS.TRAFFIC_UNOBSERVABLE,
        `the ${this.#target.kind} target reports no per-version traffic, so a rollout step cannot be judged by error rate`,
      );
    }
    return this.#target.traffic(workerName);
  }

  async #probe(url: string): Promise<void> {
    // The answer itself does not matter: the target counts it against the version that served it.
    try {
      const response = await this.#fetch(url, { signal: AbortSignal.timeout(this.#timeoutMs) });
      await response.arrayBuffer();
    } catch {
      // A refused or timed-out probe is not counted by the target either; the loop sends more.
    }
  }
}

function delta(
  before: readonly VersionTrafficCount[],
  after: readonly VersionTrafficCount[],
  versionId: string,
): { requests: number; errors: number } {
  const a = after.find((c) => c.versionId === versionId);
  const b = before.find((c) => c.versionId === versionId);
  return {
    requests: (a?.requests ?? 0) - (b?.requests ?? 0),
    errors: (a?.errors ?? 0) - (b?.errors ?? 0),
  };
}

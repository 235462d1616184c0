/** What one deployed version of a worker answered through its front door. */
export interface VersionTraffic {
  versionId: string;
  requests: number;
  /** Responses with status 500 or above, and requests the worker could not answer at all. */
  errors: number;
  /** Count per status code (`"200"`, `"503"`, ...). */
  statuses: Record<string, number>;
}

/**
 * Counts answered requests per worker and version, so a gradual rollout can judge a new version by
 * the traffic the weighted split actually sent it. Counters only grow; callers diff two snapshots.
 */
export class TrafficLog {
  readonly #byScript = new Map<string, Map<string, VersionTraffic>>();

  record(script: string, versionId: string, status: number): void {
    let versions = this.#byScript.get(script);
    if (!versions) {
      versions = new Map();
      this.#byScript.set(script, versions);
    }
    let entry = versions.get(versionId);
    if (!entry) {
      entry = { versionId, requests: 0, errors: 0, statuses: {} };
      versions.set(versionId, entry);
    }
    entry.requests++;
    if (status >= 500) entry.errors++;
    entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
  }

  /** A copy of the counters of one worker, one entry per version that answered anything. */
  snapshot(script: string): VersionTraffic[] {
    return [...(this.#byScript.get(script)?.values() ?? [])].map((t) => ({
      ...t,
      statuses: { ...t.statuses },
    }));
  }
}

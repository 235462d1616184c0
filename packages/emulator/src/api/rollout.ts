import type { WorkerRuntime } from '../runtime/worker-runtime.js';
import type { AccountState } from '../state/model.js';
import type { StateStore } from '../state/state-store.js';

/**
 * How long after a version upload its deployment is expected: `wrangler deploy` uploads a version and
 * deploys it in its next request, so a generation about to start waits (at most this long) for
 * deployments of versions just uploaded, and concurrent deploys share it.
 */
export const DEPLOYMENT_EXPECTED_MS = 1000;

interface PendingChange {
  change: (draft: AccountState) => unknown;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Brings changes to what runs live. Starting workerd takes seconds and grows with the number of
 * workers, so changes that arrive while a generation is starting wait and then go live together in
 * one new generation; so do deployments of versions uploaded just before (see
 * {@link DEPLOYMENT_EXPECTED_MS}). A change reaches the stored state only once workerd runs it. When
 * a batch cannot start, its changes are retried one by one so a broken upload fails only its own
 * request.
 */
export class Rollout {
  readonly #store: StateStore;
  readonly #runtime: WorkerRuntime;
  #pending: PendingChange[] = [];
  #running = false;
  #generations = 0;
  #drained: Promise<void> = Promise.resolve();
  /** Scripts with a version uploaded but not yet deployed → until when (ms) its deployment is due. */
  readonly #expected = new Map<string, number>();
  #arrived: (() => void) | undefined;
  readonly #expectedMs: number;

  constructor(store: StateStore, runtime: WorkerRuntime, options: { expectedMs?: number } = {}) {
    this.#store = store;
    this.#runtime = runtime;
    this.#expectedMs = options.expectedMs ?? DEPLOYMENT_EXPECTED_MS;
  }

  /** A version of `script` was uploaded; its deployment is likely to follow at once. */
  expectDeployment(script: string): void {
    if (this.#expectedMs > 0) this.#expected.set(script, performance.now() + this.#expectedMs);
  }

  /** Generations started (or attempted) for changes so far. */
  get generationsStarted(): number {
    return this.#generations;
  }

  /**
   * Resolves with `change`'s result once the change runs in workerd; rejects if workerd refuses it.
   * `script` names the worker it changes, so a deployment expected for it is no longer awaited.
   */
  submit<T>(change: (draft: AccountState) => T, script?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (script !== undefined) this.#expected.delete(script);
      this.#pending.push({ change, resolve: resolve as (result: unknown) => void, reject });
      this.#arrived?.();
      void this.#drain();
    });
  }

  /** Resolves once every submitted change is live or refused (before stopping the runtime). */
  async idle(): Promise<void> {
    while (this.#running) await this.#drained.catch(() => {});
  }

  #drain(): Promise<void> {
    if (this.#running) return this.#drained;
    this.#running = true;
    this.#drained = this.#drainNow();
    return this.#drained;
  }

  async #drainNow(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        await this.#awaitExpected();
        const batch = this.#pending;
        this.#pending = [];
        const failure = await this.#goLive(batch);
        if (!failure) continue;
        if (batch.length === 1) {
          batch[0]?.reject(failure);
          continue;
        }
        for (const one of batch) {
          const error = await this.#goLive([one]);
          if (error) one.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  /** Wait until no deployment is expected: each has arrived or is overdue. */
  async #awaitExpected(): Promise<void> {
    for (;;) {
      const now = performance.now();
      for (const [script, due] of this.#expected) if (due <= now) this.#expected.delete(script);
      if (this.#expected.size === 0) return;
      const next = Math.min(...this.#expected.values());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => this.#arrived?.(), next - now);
        this.#arrived = () => {
          clearTimeout(timer);
          this.#arrived = undefined;
          resolve();
        };
      });
    }
  }

  /** Start a generation with `batch` applied; on success store it and answer its requests. */
  async #goLive(batch: PendingChange[]): Promise<Error | undefined> {
    const candidate = structuredClone(this.#store.state);
    try {
      for (const pending of batch) pending.change(candidate);
    } catch (error) {
      return error as Error;
    }
    this.#generations++;
    try {
      await this.#runtime.apply(candidate);
    } catch (error) {
      return error as Error;
    }
    const ports = this.#runtime.ports();
    // The changes are replayed on the stored state so updates made meanwhile (settings, D1
    // databases) are kept.
    let results: unknown[];
    try {
      results = await this.#store.update((draft) => {
        const out = batch.map((pending) => pending.change(draft));
        for (const [name, port] of ports) {
          const script = draft.scripts[name];
          if (script) script.port = port;
        }
        return out;
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
      return undefined;
    }
    batch.forEach((pending, i) => {
      pending.resolve(results[i]);
    });
    return undefined;
  }
}

import type { WorkerRuntime } from '../runtime/worker-runtime.js';
import type { AccountState } from '../state/model.js';
import type { StateStore } from '../state/state-store.js';

interface PendingChange {
  change: (draft: AccountState) => unknown;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Brings changes to what runs live. Starting workerd takes seconds and grows with the number of
 * workers, so changes that arrive while a generation is starting wait and then go live together in
 * one new generation. A change reaches the stored state only once workerd runs it. When a batch
 * cannot start, its changes are retried one by one so a broken upload fails only its own request.
 */
export class Rollout {
  readonly #store: StateStore;
  readonly #runtime: WorkerRuntime;
  #pending: PendingChange[] = [];
  #running = false;
  #generations = 0;
  #drained: Promise<void> = Promise.resolve();

  constructor(store: StateStore, runtime: WorkerRuntime) {
    this.#store = store;
    this.#runtime = runtime;
  }

  /** Generations started (or attempted) for changes so far. */
  get generationsStarted(): number {
    return this.#generations;
  }

  /** Resolves with `change`'s result once the change runs in workerd; rejects if workerd refuses it. */
  submit<T>(change: (draft: AccountState) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ change, resolve: resolve as (result: unknown) => void, reject });
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

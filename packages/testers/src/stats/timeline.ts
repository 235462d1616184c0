/** One slice of a run: what completed in it and how many of those were errors. */
export interface TimelinePoint {
  /** Start of the slice, milliseconds from the start of the run. */
  atMs: number;
  completed: number;
  errors: number;
  /** Completed requests per second within the slice. */
  ratePerSec: number;
}

/** Counts completions in fixed slices of time so throughput and errors can be charted over the run. */
export class Timeline {
  readonly #intervalMs: number;
  readonly #completed: number[] = [];
  readonly #errors: number[] = [];

  constructor(intervalMs: number) {
    this.#intervalMs = Math.max(1, intervalMs);
  }

  record(atMs: number, isError: boolean): void {
    const index = Math.max(0, Math.floor(atMs / this.#intervalMs));
    while (this.#completed.length <= index) {
      this.#completed.push(0);
      this.#errors.push(0);
    }
    this.#completed[index] = (this.#completed[index] ?? 0) + 1;
    if (isError) this.#errors[index] = (this.#errors[index] ?? 0) + 1;
  }

  points(): TimelinePoint[] {
    const perSec = 1000 / this.#intervalMs;
    return this.#completed.map((completed, i) => ({
      atMs: i * this.#intervalMs,
      completed,
      errors: this.#errors[i] ?? 0,
      ratePerSec: Math.round(completed * perSec * 100) / 100,
    }));
  }
}

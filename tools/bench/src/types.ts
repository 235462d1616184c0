/** One measured target: `ratio = measured / baseline`, passing when it is on the right side of `target`. */
export interface BenchResult {
  name: string;
  target: string;
  measured: number;
  baseline: number;
  unit: string;
  ratio: number;
  /** The ratio bound from PRODUCT §10. */
  limit: number;
  /** `max`: ratio must be ≤ limit (times, sizes); `min`: ratio must be ≥ limit (throughput). */
  direction: 'max' | 'min';
  pass: boolean;
  /**
   * A figure shown beside the §10 targets (a scenario or setting §10 does not name): reported with its
   * ratio, never failing the run.
   */
  informational?: boolean;
  notes?: string;
}

export interface BenchContext {
  root: string;
  smoke: boolean;
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export function result(fields: Omit<BenchResult, 'ratio' | 'pass'>): BenchResult {
  const ratio = fields.measured / fields.baseline;
  const pass = fields.direction === 'max' ? ratio <= fields.limit : ratio >= fields.limit;
  return { ...fields, ratio, pass };
}

import * as hdr from 'hdr-histogram-js';

/** Latency figures in milliseconds, recorded at microsecond resolution. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface PercentilePoint {
  percentile: number;
  ms: number;
}

export interface HistogramBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

/** Percentiles sampled for the percentile curve: denser towards the tail, where stalls show. */
const CURVE_PERCENTILES = [
  0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 97.5, 98, 98.5, 99, 99.5, 99.9, 99.95,
  99.99, 100,
];

const HIGHEST_US = 3_600_000_000; // one hour

/** An HDR histogram of latencies in microseconds. Values above an hour are clamped, not dropped. */
export class LatencyRecorder {
  readonly #histogram: hdr.Histogram;

  constructor() {
    this.#histogram = hdr.build({
      lowestDiscernibleValue: 1,
      highestTrackableValue: HIGHEST_US,
      numberOfSignificantValueDigits: 3,
      autoResize: false,
    });
  }

  recordMicros(us: number): void {
    const value = Math.min(HIGHEST_US, Math.max(1, Math.round(us)));
    this.#histogram.recordValue(value);
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Value at a percentile (0..100) in milliseconds. */
  percentileMs(percentile: number): number {
    if (this.count === 0) return 0;
    return toMs(this.#histogram.getValueAtPercentile(percentile));
  }

  summary(): LatencySummary {
    const h = this.#histogram;
    if (h.totalCount === 0) {
      return { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
    }
    return {
      count: h.totalCount,
      min: toMs(h.minNonZeroValue),
      mean: toMs(h.mean),
      stdev: toMs(h.stdDeviation),
      p50: toMs(h.getValueAtPercentile(50)),
      p90: toMs(h.getValueAtPercentile(90)),
      p95: toMs(h.getValueAtPercentile(95)),
      p99: toMs(h.getValueAtPercentile(99)),
      p999: toMs(h.getValueAtPercentile(99.9)),
      max: toMs(h.maxValue),
    };
  }

  percentileCurve(): PercentilePoint[] {
    if (this.count === 0) return [];
    return CURVE_PERCENTILES.map((percentile) => ({
      percentile,
      ms: toMs(this.#histogram.getValueAtPercentile(percentile)),
    }));
  }

  /** Equal-width buckets between the smallest and largest recorded value. */
  buckets(bucketCount = 30): HistogramBucket[] {
    const h = this.#histogram;
    if (h.totalCount === 0) return [];
    const min = h.minNonZeroValue;
    const max = h.maxValue;
    const width = Math.max(1, Math.ceil((max - min + 1) / bucketCount));
    const counts = new Array<number>(bucketCount).fill(0);
    for (const [value, count] of this.#recordedValues()) {
      const index = Math.min(bucketCount - 1, Math.floor((value - min) / width));
      counts[index] = (counts[index] ?? 0) + count;
    }
    return counts.map((count, i) => ({
      fromMs: toMs(min + i * width),
      toMs: toMs(min + (i + 1) * width),
      count,
    }));
  }

  *#recordedValues(): Generator<[number, number]> {
    // build() without WebAssembly returns the JS implementation, which exposes its value iterator.
    const iterator = (this.#histogram as hdr.JsHistogram).recordedValuesIterator;
    iterator.reset();
    while (iterator.hasNext()) {
      const step = iterator.next();
      yield [step.valueIteratedTo, step.countAtValueIteratedTo];
    }
  }

  add(other: LatencyRecorder): void {
    this.#histogram.add(other.#histogram);
  }
}

function toMs(us: number): number {
  return Math.round(us) / 1000;
}

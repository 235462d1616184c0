import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './latency.js';
import { Timeline } from './timeline.js';

describe('LatencyRecorder', () => {
  it('answers percentiles of known data within HDR precision (3 significant digits)', () => {
    const r = new LatencyRecorder();
    for (let ms = 1; ms <= 1000; ms++) r.recordMicros(ms * 1000);
    const s = r.summary();
    expect(s.count).toBe(1000);
    for (const [got, want] of [
      [s.p50, 500],
      [s.p90, 900],
      [s.p95, 950],
      [s.p99, 990],
      [s.max, 1000],
      [s.min, 1],
      [s.mean, 500.5],
    ] as const) {
      expect(Math.abs(got - want) / want).toBeLessThan(0.001);
    }
  });

  it('keeps microsecond resolution for sub-millisecond values', () => {
    const r = new LatencyRecorder();
    r.recordMicros(123);
    r.recordMicros(456);
    expect(r.summary().min).toBe(0.123);
    expect(r.summary().max).toBe(0.456);
  });

  it('buckets every recorded value once and the curve is monotonic', () => {
    const r = new LatencyRecorder();
    for (let i = 0; i < 500; i++) r.recordMicros(1000 + ((i * 7919) % 5000));
    expect(r.buckets(20).reduce((n, b) => n + b.count, 0)).toBe(500);
    const curve = r.percentileCurve().map((p) => p.ms);
    expect(curve).toEqual([...curve].sort((a, b) => a - b));
    expect(new LatencyRecorder().summary().count).toBe(0);
  });
});

describe('Timeline', () => {
  it('counts completions and errors per slice with a per-second rate', () => {
    const t = new Timeline(100);
    t.record(5, false);
    t.record(50, true);
    t.record(250, false);
    expect(t.points()).toEqual([
      { atMs: 0, completed: 2, errors: 1, ratePerSec: 20 },
      { atMs: 100, completed: 0, errors: 0, ratePerSec: 0 },
      { atMs: 200, completed: 1, errors: 0, ratePerSec: 10 },
    ]);
  });
});

/** Small, dependency-free SVG charts, so the HTML report draws offline with no script at all. */

export interface Series {
  label: string;
  color: string;
  points: Array<{ x: number; y: number }>;
}

export interface ChartFrame {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Format an x-axis tick value. */
  xTick?: (x: number) => string;
  /** Where to put x-axis ticks (default: five evenly spaced). */
  xTicks?: number[];
  width?: number;
  height?: number;
}

const PAD = { left: 56, right: 16, top: 28, bottom: 40 };

export function lineChart(frame: ChartFrame, series: Series[], kind: string): string {
  const all = series.flatMap((s) => s.points);
  const { width, height, sx, sy, axes } = frameOf(frame, all, kind);
  const lines = series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const d = s.points
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
        .join(' ');
      const dots = s.points
        .map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2" fill="${s.color}"/>`)
        .join('');
      return `<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>${dots}`;
    })
    .join('');
  return wrap(width, height, kind, frame.title, `${axes}${lines}${legend(series, width)}`);
}

export function barChart(
  frame: ChartFrame,
  bars: Array<{ x0: number; x1: number; y: number }>,
  color: string,
  kind: string,
): string {
  const points = bars.flatMap((b) => [
    { x: b.x0, y: 0 },
    { x: b.x1, y: b.y },
  ]);
  const { width, height, sx, sy, axes } = frameOf(frame, points, kind);
  const rects = bars
    .map((b) => {
      const x = sx(b.x0);
      const w = Math.max(1, sx(b.x1) - x - 1);
      const y = sy(b.y);
      const h = Math.max(0, sy(0) - y);
      return `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${color}"><title>${fmt(b.x0)}–${fmt(b.x1)}: ${b.y}</title></rect>`;
    })
    .join('');
  return wrap(width, height, kind, frame.title, `${axes}${rects}`);
}

function frameOf(frame: ChartFrame, points: Array<{ x: number; y: number }>, _kind: string) {
  const width = frame.width ?? 560;
  const height = frame.height ?? 260;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = xs.length ? Math.max(...xs, xMin + 1e-9) : 1;
  const yMax = niceMax(ys.length ? Math.max(...ys) : 1);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number) => PAD.top + plotH - (y / yMax) * plotH;
  const tickX = frame.xTick ?? fmt;
  let axes = `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${PAD.left + plotW}" y2="${PAD.top + plotH}" stroke="#888"/>`;
  axes += `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" stroke="#888"/>`;
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    axes += `<line x1="${PAD.left}" y1="${sy(y).toFixed(1)}" x2="${PAD.left + plotW}" y2="${sy(y).toFixed(1)}" stroke="#eee"/>`;
    axes += `<text x="${PAD.left - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" font-size="10">${fmt(y)}</text>`;
  }
  const ticks = frame.xTicks ?? [0, 1, 2, 3, 4].map((i) => xMin + ((xMax - xMin) * i) / 4);
  for (const x of ticks) {
    if (x < xMin || x > xMax) continue;
    // the last label would run past the right edge if centred
    const anchor = x === xMax ? 'end' : 'middle';
    axes += `<text x="${sx(x).toFixed(1)}" y="${PAD.top + plotH + 14}" text-anchor="${anchor}" font-size="10">${escapeXml(tickX(x))}</text>`;
  }
  axes += `<text x="${PAD.left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="11">${escapeXml(frame.xLabel)}</text>`;
  axes += `<text x="12" y="${PAD.top + plotH / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${PAD.top + plotH / 2})">${escapeXml(frame.yLabel)}</text>`;
  return { width, height, sx, sy, axes };
}

function legend(series: Series[], width: number): string {
  return series
    .map(
      (s, i) =>
        `<rect x="${width - PAD.right - 140}" y="${8 + i * 14}" width="10" height="10" fill="${s.color}"/><text x="${width - PAD.right - 126}" y="${17 + i * 14}" font-size="10">${escapeXml(s.label)}</text>`,
    )
    .join('');
}

function wrap(width: number, height: number, kind: string, title: string, body: string): string {
  return `<svg class="chart" data-chart="${kind}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}"><text x="${PAD.left}" y="18" font-size="13" font-weight="600">${escapeXml(title)}</text>${body}</svg>`;
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function fmt(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

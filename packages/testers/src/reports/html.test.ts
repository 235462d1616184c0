import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumArgs, chromiumProfile, ensureChromium } from '../__fixtures__/chromium.js';
import { type ClodoLike, startClodoLike } from '../__fixtures__/clodo-like.js';
import { ProductionTester } from '../suite/production-tester.js';

const KEY = 'sk_live_html_report_secret_000111';
let service: ClodoLike;
let htmlPath: string;

beforeAll(async () => {
  ensureChromium();
  service = await startClodoLike({ apiKey: KEY });
  const dir = mkdtempSync(join(tmpdir(), 'clodo-html-'));
  const result = await new ProductionTester({
    name: 'report <render> check',
    baseUrl: service.url,
    credentials: { apiKey: KEY },
    performance: { endpoints: [{ path: '/api/users' }, { path: '/health' }], samples: 20 },
    load: { request: { path: '/load' }, model: 'open', ratePerSec: 300, durationMs: 800 },
    thresholds: { maxErrorRate: 0.05 },
    reports: { dir, name: 'report', formats: ['html'] },
  }).run();
  htmlPath = result.reports.html as string;
}, 600_000);

afterAll(async () => {
  await service?.close();
});

describe('HTML report in headless Chromium', () => {
  it('is self-contained and its charts draw', async () => {
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).not.toContain(KEY);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(|@import/);

    const browser = await chromium.launchPersistentContext(chromiumProfile(), {
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs(),
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await browser.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) external.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(htmlPath).href);

      expect(await page.title()).toBe('report <render> check');
      expect(await page.locator('.badge').textContent()).toContain('FAILED');

      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const bars = [...svg.querySelectorAll('rect.bar')].filter(
            (r) => r.getBoundingClientRect().height > 0,
          );
          const paths = [...svg.querySelectorAll('path.series')].map((p) => {
            const b = (p as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return {
              points: (p.getAttribute('d') ?? '').split(/[ML]/).length - 1,
              width: b.width,
              height: b.height,
            };
          });
          return {
            kind: svg.getAttribute('data-chart'),
            width: box.width,
            height: box.height,
            bars: bars.length,
            paths,
          };
        }),
      );
      const byKind = Object.fromEntries(charts.map((c) => [c.kind, c]));
      expect(Object.keys(byKind).sort()).toEqual([
        'latency-histogram',
        'percentile-curve',
        'performance-percentiles',
        'throughput-timeline',
      ]);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.height).toBeGreaterThan(150);
      }
      expect(byKind['latency-histogram']?.bars).toBeGreaterThanOrEqual(3);
      expect(byKind['percentile-curve']?.paths[0]?.points).toBeGreaterThanOrEqual(10);
      expect(byKind['percentile-curve']?.paths[0]?.width).toBeGreaterThan(200);
      expect(byKind['throughput-timeline']?.paths).toHaveLength(2);
      expect(byKind['throughput-timeline']?.paths[0]?.points).toBeGreaterThanOrEqual(5);
      expect(byKind['throughput-timeline']?.paths[1]?.height).toBeGreaterThan(0);
      expect(byKind['performance-percentiles']?.paths).toHaveLength(2);

      const embedded = await page.$eval('#clodo-report-data', (el) => JSON.parse(el.textContent ?? '{}'));
      expect(embedded.load[0].model).toBe('open');

      await page.screenshot({ path: htmlPath.replace(/\.html$/, '.png'), fullPage: true });
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

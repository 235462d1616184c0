import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../__fixtures__/harness.js';
import { users } from '../__fixtures__/models.js';

// R2, KV, queue and cron helpers against the real bindings in workerd.
let h: Harness;
const M = 'http://main.test';
const content = 'abcdefghijklmnopqrstuvwxyz';

beforeAll(async () => {
  h = await startHarness([users]);
  const r = await h.call(`${M}/files/alphabet.txt`, {
    method: 'PUT',
    headers: { 'Content-Type': 'text/plain' },
    body: content,
  });
  expect(r.status).toBe(201);
}, 60_000);
afterAll(() => h?.close());

describe('R2 files', () => {
  it('serves the whole object with ETag and Accept-Ranges', async () => {
    const r = await h.call(`${M}/files/alphabet.txt`);
    expect(r.status).toBe(200);
    expect(r.text).toBe(content);
    expect(r.headers.get('content-type')).toBe('text/plain');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('etag')).toMatch(/^".+"$/);
  });

  it('answers byte ranges with 206 and Content-Range', async () => {
    const cases: [string, string, string][] = [
      ['bytes=0-4', 'abcde', 'bytes 0-4/26'],
      ['bytes=20-', 'uvwxyz', 'bytes 20-25/26'],
      ['bytes=-3', 'xyz', 'bytes 23-25/26'],
      ['bytes=24-100', 'yz', 'bytes 24-25/26'],
      ['bytes=-100', content, 'bytes 0-25/26'],
    ];
    for (const [range, body, contentRange] of cases) {
      const r = await h.call(`${M}/files/alphabet.txt`, { headers: { Range: range } });
      expect(r.status, range).toBe(206);
      expect(r.text, range).toBe(body);
      expect(r.headers.get('content-range'), range).toBe(contentRange);
      expect(r.headers.get('content-length'), range).toBe(String(body.length));
    }
  });

  it('416 for unsatisfiable ranges; 200 for malformed or multi-range headers; 304 for a matching ETag', async () => {
    for (const range of ['bytes=26-', 'bytes=30-40', 'bytes=-0', 'bytes=5-2']) {
      const r = await h.call(`${M}/files/alphabet.txt`, { headers: { Range: range } });
      expect(r.status, range).toBe(416);
      expect(r.headers.get('content-range')).toBe('bytes */26');
    }
    for (const range of ['bytes=0-1,3-4', 'items=0-3', 'bytes=abc']) {
      const r = await h.call(`${M}/files/alphabet.txt`, { headers: { Range: range } });
      expect(r.status, range).toBe(200);
      expect(r.text).toBe(content);
    }
    const etag = (await h.call(`${M}/files/alphabet.txt`)).headers.get('etag') as string;
    expect((await h.call(`${M}/files/alphabet.txt`, { headers: { 'If-None-Match': etag } })).status).toBe(
      304,
    );
    const stale = await h.call(`${M}/files/alphabet.txt`, {
      headers: { Range: 'bytes=0-1', 'If-Range': '"old"' },
    });
    expect(stale.status).toBe(200);
    const head = await h.call(`${M}/files/alphabet.txt`, { method: 'HEAD', headers: { Range: 'bytes=0-1' } });
    expect(head.status).toBe(206);
    expect(head.text).toBe('');
  });

  it('rejects uploads that are too large or of the wrong type; 404 for a missing file', async () => {
    const big = await h.call(`${M}/files/big.bin`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'x'.repeat(2000),
    });
    expect(big.status).toBe(413);
    const typed = await h.call(`${M}/files/x.html`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/html' },
      body: '<p>',
    });
    expect(typed.status).toBe(415);
    expect((await h.call(`${M}/files/big.bin`)).status).toBe(404);
  });
});

describe('KV JSON cache', () => {
  it('getOrSet loads once and serves the stored JSON afterwards', async () => {
    const first = await h.call(`${M}/cached/k1`);
    const second = await h.call(`${M}/cached/k1`);
    expect(first.body.value).toEqual(second.body.value);
    expect(second.body.loads).toBe(first.body.loads);
    const kv = await h.kv();
    expect(JSON.parse((await kv.get('test:k1')) as string)).toEqual(first.body.value);
  });
});

describe('queues', () => {
  it('acks handled messages, retries failures with backoff', async () => {
    const worker = await h.worker();
    const result = await worker.queue('work', [
      { id: 'ok-1', timestamp: new Date(), body: { fail: false }, attempts: 1 },
      { id: 'bad-1', timestamp: new Date(), body: { fail: true }, attempts: 1 },
    ]);
    expect(result.outcome).toBe('ok');
    expect(result.explicitAcks).toEqual(['ok-1']);
    expect(result.retryMessages).toEqual([{ msgId: 'bad-1', delaySeconds: 2 }]);
  });

  it('sends a message that failed maxAttempts times to the dead-letter queue', async () => {
    const worker = await h.worker();
    const result = await worker.queue('work', [
      { id: 'bad-2', timestamp: new Date(), body: { fail: true, n: 7 }, attempts: 2 },
    ]);
    expect(result.explicitAcks).toEqual(['bad-2']);
    expect(result.retryMessages).toEqual([]);
    const kv = await h.kv();
    let stored: string | null = null;
    for (let i = 0; i < 50 && stored === null; i++) {
      stored = await kv.get('dlq:bad-2');
      if (stored === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(JSON.parse(stored as string)).toMatchObject({
      queue: 'work',
      id: 'bad-2',
      attempts: 2,
      body: { fail: true, n: 7 },
      error: 'cannot process',
    });
  });
});

describe('scheduled jobs', () => {
  it('runs the job whose cron matches, and reports a failing job', async () => {
    const worker = await h.worker();
    const ok = await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date() });
    expect(ok.outcome).toBe('ok');
    const kv = await h.kv();
    expect(await kv.get('job:stamp')).toMatch(/^\d{4}-/);
    const failed = await worker.scheduled({ cron: '0 0 * * *', scheduledTime: new Date() });
    expect(failed.outcome).not.toBe('ok');
  });
});

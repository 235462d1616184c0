import { afterEach, describe, expect, it } from 'vitest';
import { type ClodoLike, startClodoLike } from '../__fixtures__/clodo-like.js';
import { DatabaseTester } from './database-tester.js';

const KEY = 'sk_live_database_tester_secret_987';
const resource = {
  path: '/api/users',
  create: { email: 'probe@example.test', name: 'Probe' },
  update: { name: 'Probe Updated' },
};
let service: ClodoLike | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('DatabaseTester', () => {
  it('runs the CRUD round trip and the counts agree', async () => {
    service = await startClodoLike({ apiKey: KEY });
    service.records.set('existing', { id: 'existing', email: 'a@b.c' });
    const result = await new DatabaseTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      resource,
    }).run();
    expect(result.steps.map((s) => `${s.name}:${s.passed}:${s.status}`)).toEqual([
      'count-before:true:200',
      'create:true:201',
      'get:true:200',
      'update:true:200',
      'list:true:200',
      'delete:true:200',
      'get-deleted:true:404',
      'count-after:true:200',
    ]);
    expect(result.passed).toBe(true);
    expect(result.countBefore).toBe(1);
    expect(result.countAfter).toBe(1);
    expect(result.cleanup).toEqual({ needed: false, succeeded: true, status: null });
    expect([...service.records.keys()]).toEqual(['existing']);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('cleans up the record it created when a later step fails', async () => {
    service = await startClodoLike({ apiKey: KEY, failOn: 'update' });
    const result = await new DatabaseTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      resource,
    }).run();
    expect(result.passed).toBe(false);
    const update = result.steps.find((s) => s.name === 'update');
    expect(update?.failures).toEqual(['status 500 (INTERNAL), expected 200']);
    expect(result.steps.filter((s) => s.skipped).map((s) => s.name)).toEqual([
      'list',
      'delete',
      'get-deleted',
      'count-after',
    ]);
    expect(result.cleanup).toEqual({ needed: true, succeeded: true, status: 200 });
    expect(service.records.size).toBe(0);
  });

  it('still removes its record when the run is aborted mid-way', async () => {
    service = await startClodoLike({ apiKey: KEY, failOn: 'hang-get' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await new DatabaseTester({
      baseUrl: service.url,
      credentials: { apiKey: KEY },
      resource,
      signal: controller.signal,
    }).run();
    expect(result.steps.find((s) => s.name === 'get')?.failures).toEqual(['ABORTED: aborted']);
    expect(result.cleanup).toEqual({ needed: true, succeeded: true, status: 200 });
    expect(service.records.size).toBe(0);
  });

  it('fails at the first step without credentials and creates nothing', async () => {
    service = await startClodoLike({ apiKey: KEY });
    const result = await new DatabaseTester({ baseUrl: service.url, resource }).run();
    expect(result.steps[0]?.failures).toEqual(['status 401 (UNAUTHORIZED), expected 200']);
    expect(result.createdId).toBeNull();
    expect(result.cleanup.needed).toBe(false);
    expect(service.records.size).toBe(0);
  });

  it('names the bad field in its options', () => {
    expect(
      () => new DatabaseTester({ baseUrl: 'http://127.0.0.1:1', resource: { ...resource, update: {} } }),
    ).toThrow(/^resource.update:/);
  });
});

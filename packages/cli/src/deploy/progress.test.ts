import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../output.js';
import { stepRenderer } from './progress.js';

function capture(json = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d) => {
    err += d;
  });
  const out = new Output({ stdout, stderr, env: { NO_COLOR: '1' }, cwd: '/' } as never, { json });
  return { out, text: () => err };
}

describe('stepRenderer', () => {
  it('prints one timed line per finished step, the failure, and the rollback', () => {
    const { out, text } = capture();
    let now = 0;
    const render = stepRenderer(out, ['api:staging'], () => now);
    const id = 'dep-1';
    render({ type: 'unit:step', deploymentId: id, unit: 'api:staging', step: 'deploy', outcome: 'started' });
    now = 2500;
    render({
      type: 'unit:step',
      deploymentId: id,
      unit: 'api:staging',
      step: 'deploy',
      outcome: 'succeeded',
    });
    render({
      type: 'unit:step',
      deploymentId: id,
      unit: 'api:staging',
      step: 'health',
      outcome: 'succeeded',
    });
    render({
      type: 'unit:state',
      deploymentId: id,
      unit: 'api:staging',
      state: 'failed',
      error: { message: 'api:staging: health check failed (HTTP 503)' },
    });
    render({
      type: 'compensation',
      deploymentId: id,
      description: 'roll back api:staging to v1',
      state: 'succeeded',
    });
    expect(text().split('\n').filter(Boolean)).toEqual([
      '  ✓ api:staging  deploy       2.5s',
      '  ✗ api:staging  health check failed (HTTP 503)',
      '  ↺ roll back api:staging to v1',
    ]);
  });

  it('on a terminal, keeps a live line of the running steps below the finished ones and clears it', () => {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let err = '';
    stderr.on('data', (d) => {
      err += d;
    });
    const out = new Output({ stdout, stderr, env: { NO_COLOR: '1' }, cwd: '/' } as never, { json: false });
    let now = 0;
    const render = stepRenderer(out, ['a:dev', 'b:dev'], () => now);
    const step = (unit: string, outcome: 'started' | 'succeeded') =>
      render({ type: 'unit:step', deploymentId: 'd', unit, step: 'deploy', outcome });
    step('a:dev', 'started');
    now = 1000;
    step('b:dev', 'started');
    expect(err.split('\r\x1b[K').at(-1)).toBe('… running: a:dev/deploy 1.0s, b:dev/deploy 0.0s');
    now = 3000;
    step('a:dev', 'succeeded');
    const frames = err.split('\r\x1b[K');
    expect(frames.at(-2)).toBe('  ✓ a:dev  deploy       3.0s\n');
    expect(frames.at(-1)).toBe('… running: b:dev/deploy 2.0s');
    render.stop();
    expect(err.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is silent under --json', () => {
    const { out, text } = capture(true);
    stepRenderer(out)({ type: 'compensation', deploymentId: 'd', description: 'x', state: 'failed' });
    expect(text()).toBe('');
  });
});

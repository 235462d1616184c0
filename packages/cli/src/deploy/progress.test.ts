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

  it('is silent under --json', () => {
    const { out, text } = capture(true);
    stepRenderer(out)({ type: 'compensation', deploymentId: 'd', description: 'x', state: 'failed' });
    expect(text()).toBe('');
  });
});

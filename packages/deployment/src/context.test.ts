import { describe, expect, it } from 'vitest';
import { assertRequest, requireOptions } from './context.js';
import { DEPLOYMENT_ERRORS } from './errors.js';

describe('requireOptions', () => {
  it('names every collaborator a constructor needs when one is missing', () => {
    const runner = {};
    expect(() =>
      requireOptions(undefined as unknown as { runner: object; api: object }, ['runner', 'api']),
    ).toThrow(
      expect.objectContaining({
        code: DEPLOYMENT_ERRORS.INVALID_ARGUMENT,
        message: 'runner and api: required',
      }),
    );
    expect(() =>
      requireOptions(
        { runner, api: {}, health: undefined } as { runner: object; api: object; health?: object },
        ['runner', 'api', 'health'],
      ),
    ).toThrow('runner, api and health: required');
    expect(() => requireOptions({ runner }, ['runner'])).not.toThrow();
  });
});

describe('assertRequest', () => {
  const context = { deploymentId: 'd-1', service: 'api', environment: 'staging' };

  it('checks the context first, then the named fields', () => {
    expect(() =>
      assertRequest({ context: { ...context, service: '' }, workerName: '' }, ['workerName']),
    ).toThrow('request.context.service: expected a non-empty string');
    expect(() => assertRequest({ context, workerName: '' }, ['workerName'])).toThrow(
      'request.workerName: expected a non-empty string',
    );
    expect(() => assertRequest({ context, workerName: 'api-staging' }, ['workerName'])).not.toThrow();
  });
});

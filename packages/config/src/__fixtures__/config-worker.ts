// A worker that runs the worker-safe entries on request, so tests can check them inside workerd.
import { customerDomains } from '../customers.js';
import { deploymentUnits, isConfigError, validateConfig, workerName } from '../index.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const input = await request.json();
    const result = validateConfig(input);
    const body: Record<string, unknown> = { runtime: navigator.userAgent, ok: result.ok };
    if (result.ok) {
      body.units = deploymentUnits(result.config, 'production').map((u) => u.workerName);
      body.frozen = Object.isFrozen(result.config.services);
      body.customerDomains = result.config.customers[0]
        ? customerDomains(result.config, result.config.customers[0].name)
        : {};
      body.stagingName = workerName({ service: result.config.services[0]!.name, environment: 'staging' });
    } else {
      body.problems = result.problems;
    }
    try {
      workerName({ service: 'Bad Name', environment: 'production' });
    } catch (error) {
      body.errorCaught = isConfigError(error);
    }
    return Response.json(body);
  },
};

import { type ConfigProblem, ConfigError, ConfigErrorCode } from '../errors.js';
import type { ClodoConfigInput } from '../model/config-schema.js';
import type { ClodoConfig } from '../model/types.js';
import { validateConfig } from '../validate/validate-config.js';

type CustomerInput = NonNullable<ClodoConfigInput['customers']>[number];

/**
 * Returns a new config with the customer added (or, with `replace`, swapped for the entry of the
 * same name), validated as a whole so a clash with existing customers is reported with its path.
 */
export function withCustomer(
  config: ClodoConfig,
  customer: CustomerInput,
  options: { replace?: boolean } = {},
): ClodoConfig {
  const existing = config.customers.findIndex((c) => c.name === customer?.name);
  if (existing >= 0 && !options.replace) {
    const problem: ConfigProblem = {
      path: `customers[${existing}].name`,
      message: `customer "${customer.name}" already exists`,
      hint: 'pass { replace: true } to update it',
    };
    throw new ConfigError(ConfigErrorCode.CONFIG_INVALID, [problem]);
  }
  const customers =
    existing >= 0
      ? config.customers.map((c, i) => (i === existing ? customer : c))
      : [...config.customers, customer];
  const result = validateConfig({ ...config, customers });
  if (!result.ok) throw new ConfigError(ConfigErrorCode.CONFIG_INVALID, result.problems);
  return result.config;
}

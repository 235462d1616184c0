// Customer helpers of @clodo/config: per-environment domains and overrides. Worker-safe.
export { withCustomer } from './customers/add-customer.js';
export {
  customerApiHostname,
  customerDomains,
  type ResolvedCustomer,
  resolveCustomer,
} from './customers/customer-domains.js';
export { customerServices } from './graph/deployment-units.js';
export { unitVars } from './unit/unit-vars.js';

// Node entry of @clodo/config: wrangler.json generation, bindings expanded in every environment.
export {
  generateWranglerConfig,
  generateWranglerConfigWithEnvironments,
  kvNamespaceTitle,
  type ResourceIds,
  type WranglerTarget,
} from './wrangler/generate.js';
export type { WranglerConfig, WranglerEnvironment, WranglerRoute } from './wrangler/wrangler-json.js';
export { writeWranglerConfig } from './wrangler/write.js';
export { BUILT_IN_VARS, unitVars } from './unit/unit-vars.js';
export { effectiveFeatures } from './unit/effective-features.js';

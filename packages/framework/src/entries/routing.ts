// Old `@clodo/framework/routing`: EnhancedRouter over the Hono-based runtime. Worker-safe.
export {
  createEnhancedRouter,
  EnhancedRouter,
  type EnhancedRouterOptions,
  type RouteHandler,
} from '../compat/routing/enhanced-router.js';

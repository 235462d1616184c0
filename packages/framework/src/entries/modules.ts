// Old `@clodo/framework/modules`: the module registry over the @clodo/services runtime, and its built-in modules.
// Worker-safe: no `node:` imports.
export {
  type HookExecution,
  type HookRun,
  type ModuleInfo,
  ModuleManager,
  type ModuleServiceOptions,
  type NamedHook,
  type ServiceModule,
} from '../compat/modules/module-manager.js';
export { authModule, corsModule, rateLimitModule } from '../compat/modules/builtin-modules.js';
export {
  DEFAULT_SECURITY_HEADERS,
  type SecurityModuleOptions,
  securityRuntimeModule,
} from '../compat/modules/security-runtime.js';
export { FrameworkError, FrameworkErrorCode } from '../errors.js';

// Old `@clodo/framework/modules/security`: the security module (auth required, headers, pre-deployment rules).
// Node side: the pre-deployment hook uses @clodo/security's rules. In a Worker use `securityRuntimeModule`
// from `@clodo/framework/modules`.
export {
  createSecurityModule,
  type PreDeploymentReport,
  securityModule,
} from '../../compat/modules/security-module.js';
export {
  DEFAULT_SECURITY_HEADERS,
  type SecurityModuleOptions,
  securityRuntimeModule,
} from '../../compat/modules/security-runtime.js';

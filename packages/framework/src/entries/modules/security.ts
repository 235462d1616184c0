// Old `@clodo/framework/modules/security`: the security module (auth required, headers, pre-deployment rules).
export {
  createSecurityModule,
  DEFAULT_SECURITY_HEADERS,
  type PreDeploymentReport,
  type SecurityModuleOptions,
  securityModule,
} from '../../compat/modules/security-module.js';

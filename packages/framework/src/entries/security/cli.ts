export { type ReadinessReport, SecurityCLI } from '../../compat/security/security-cli.js';

// Old `@clodo/framework/service-management`: create a service (`clodo create`) or initialise an existing one.
export * from './service-management/create.js';
export * from './service-management/init.js';
export {
  SERVICE_TYPE_NAMES,
  SERVICE_TYPES,
  type ServiceType,
} from '../compat/service-management/service-types.js';
export { FrameworkError, FrameworkErrorCode } from '../errors.js';

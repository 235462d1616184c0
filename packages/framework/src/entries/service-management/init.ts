export {
  type InitializedService,
  type InitializeOptions,
  ServiceInitializer,
} from '../../compat/service-management/service-initializer.js';

export {
  type CreatedService,
  type CreateServiceOptions,
  ServiceCreator,
} from '../../compat/service-management/service-creator.js';

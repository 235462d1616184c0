export { GenericDataService } from '../compat/data/generic-data-service.js';
export { createService, DataService, defineModel, type Model, type ModelDefinition } from '@clodo/services';

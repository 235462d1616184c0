export { SchemaManager } from '../compat/schema/schema-manager.js';
export {
  defineModel,
  type FieldDefinition,
  type Model,
  type ModelDefinition,
  schemaSql,
} from '@clodo/services';

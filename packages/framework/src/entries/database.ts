// Old database helpers: the data service, the schema manager and migrations SQL.
export { GenericDataService } from '../compat/data/generic-data-service.js';
export { SchemaManager } from '../compat/schema/schema-manager.js';
export { DataService, diffSchema, renderMigration, schemaSql } from '@clodo/services';

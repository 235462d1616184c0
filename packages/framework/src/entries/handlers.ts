// Old `@clodo/framework/handlers`: CRUD request handlers of one model. Worker-safe.
export {
  createRouteHandlers,
  GenericRouteHandler,
  type GenericRouteHandlerOptions,
} from '../compat/handlers/generic-route-handler.js';

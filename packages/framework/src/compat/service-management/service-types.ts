/** The service types `clodo create` scaffolds (PRODUCT §8), with what each gives you. */
export const SERVICE_TYPES = {
  'data-service': 'REST resources over D1 with API-key writes',
  'api-gateway': 'forwards requests to other services through service bindings',
  'auth-service': 'users over D1, JWTs issued for an API key',
  'static-site': 'HTML pages served from the Worker',
  generic: 'a Worker with Clodo middleware and one route',
} as const;

export type ServiceType = keyof typeof SERVICE_TYPES;

export const SERVICE_TYPE_NAMES = Object.keys(SERVICE_TYPES) as ServiceType[];
